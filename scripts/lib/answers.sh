# Shared by the fault, load and benchmark scripts: a throw-away database and server (lib/tiltas.sh)
# with signed-up learners, driven by scripts/answer-client.mjs, and the check that every
# acknowledged answer is stored exactly once. Source it after setting: backend (sqlite|postgres),
# port, clients, email_domain.

database_prefix=${database_prefix:-fault}
source scripts/lib/tiltas.sh
export CLIENTS=$clients EMAIL_DOMAIN=$email_domain ACK_FILE="$work/acks"
: >"$work/acks"

# An account with the clients' password: add_person EMAIL [ROLE]; learners join one organisation.
add_person() {
  local role=${2:-learner} organisation=()
  [ "$role" = learner ] && organisation=(--organisation "Fault and load tests")
  echo "a long enough passphrase" | "$bin" user add --email "$1" --name "${1%@*}" --role "$role" \
    "${organisation[@]}" --password-stdin >/dev/null
}

# Migrates, then adds learner0@… to learner<clients-1>@… for scripts/answer-client.mjs.
add_learners() {
  "$bin" migrate
  for i in $(seq 0 $((clients - 1))); do add_person "learner$i@$email_domain"; done
}

# Every acknowledged answer must be in the database, and none twice. Returns non-zero otherwise.
check_acknowledged_answers_stored() {
  sort -u "$work/acks" >"$work/acked"
  query "SELECT u.email || ' ' || a.module_id || ' ' || q.question_id || ' ' || a.attempt_number
         FROM quiz_answers q JOIN quiz_attempts a ON a.id = q.attempt_id
         JOIN enrolments e ON e.id = a.enrolment_id JOIN users u ON u.id = e.user_id" | sort >"$work/stored"
  local acked stored unique_stored missing
  acked=$(wc -l <"$work/acked"); stored=$(wc -l <"$work/stored")
  unique_stored=$(sort -u "$work/stored" | wc -l)
  missing=$(comm -23 "$work/acked" "$work/stored" | wc -l)
  echo "acknowledged (distinct): $acked; stored: $stored (distinct $unique_stored); acknowledged but missing: $missing"
  if [ "$missing" -eq 0 ] && [ "$stored" -eq "$unique_stored" ] && [ "$acked" -gt 0 ]; then
    echo "every acknowledged answer is stored exactly once"
    return 0
  fi
  comm -23 "$work/acked" "$work/stored" | head
  return 1
}
