-- Durable answers driven by wrk (scripts/bench/answers.sh): the learners that
-- scripts/answer-client.mjs signed in and wrote down (PLAN_FILE) answer as that client's count
-- mode does (every question of every practice module, then a new attempt of each, so that no
-- answer repeats one), at a small part of Node's processor time, which the server needs on
-- 2 cores. Run with as many threads as connections (-t N -c N): thread i is learner i, and a
-- connection sends its next request only when the last one is answered.
-- Every acknowledged answer (HTTP 200) is appended to ACK_FILE as
-- "email module question attempt-number", for the script to look up in the database. At the
-- end one line: "WRKANSWERS answers requests seconds p50-ms p99-ms errors", with the latencies of
-- all requests (answers and new attempts), and as errors the failed requests and the answers
-- other than 200.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("learner_number", #threads)
end

local function split(text, separator)
  local parts = {}
  for part in string.gmatch(text, "[^" .. separator .. "]+") do parts[#parts + 1] = part end
  return parts
end

local function form(fields)
  local pairs_ = {}
  for _, field in ipairs(fields) do
    local value = field[2]:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end)
    pairs_[#pairs_ + 1] = field[1]:gsub("%[", "%%5B"):gsub("%]", "%%5D") .. "=" .. value
  end
  return table.concat(pairs_, "&")
end

-- The learner's requests, in order, repeated: an answer to each question of a module, then a
-- new attempt of that module.
local email, steps, headers, ack_file
local position, sent, attempt = 0, nil, {}
acknowledged, failed = 0, 0

function init(args)
  local course = os.getenv("COURSE") or "recognising-trafficking"
  local number = 0
  for line in io.lines(os.getenv("PLAN_FILE")) do
    number = number + 1
    if number == learner_number then
      local fields = split(line, "\t")
      email = fields[1]
      headers = { ["Cookie"] = fields[2], ["Content-Type"] = "application/x-www-form-urlencoded" }
      steps = {}
      for i = 3, #fields do
        local module, csrf, questions = fields[i]:match("^(%S+) (%S+) (%S+)$")
        attempt[module] = 1
        for _, question in ipairs(split(questions, ",")) do
          steps[#steps + 1] = { module = module, question = question, path = "/api/answer_question",
            body = form({ { "csrf", csrf }, { "slug", course }, { "module_id", module }, { "question_id", question }, { "selected[]", "0" } }) }
        end
        steps[#steps + 1] = { module = module, path = "/api/start_attempt",
          body = form({ { "csrf", csrf }, { "slug", course }, { "module_id", module } }) }
      end
    end
  end
  assert(steps and #steps > 0, "PLAN_FILE has no learner " .. learner_number .. " with practice questions")
  ack_file = assert(io.open(os.getenv("ACK_FILE"), "a"))
  ack_file:setvbuf("line")
end

-- The step moves on when an answer comes back, not when a request is made: wrk may ask for a
-- request it does not send (it asks the first thread for one before it connects).
function request()
  sent = steps[position % #steps + 1]
  return wrk.format("POST", sent.path, headers, sent.body)
end

function response(status, headers, body)
  local step = sent
  position = position % #steps + 1
  if status ~= 200 then
    failed = failed + 1
    if failed <= 3 then
      io.stderr:write(string.format("%s %s %s: %d %s\n", email, step.path, step.question or step.module, status, body:sub(1, 160)))
    end
  elseif step.question then
    acknowledged = acknowledged + 1
    ack_file:write(email, " ", step.module, " ", step.question, " ", attempt[step.module], "\n")
  else
    attempt[step.module] = attempt[step.module] + 1
  end
end

function done(summary, latency, requests)
  local answers, errors = 0, 0
  for _, thread in ipairs(threads) do
    answers = answers + thread:get("acknowledged")
    errors = errors + thread:get("failed")
  end
  errors = math.max(errors, summary.errors.status) + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("WRKANSWERS %d %d %.2f %.1f %.1f %d\n", answers, summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
