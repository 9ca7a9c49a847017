//! Checks that need a scenario's parts all at once: required header keys, parts
//! that leave holes, unique ids, known targets, and then the graph itself (every
//! part reachable, an ending reachable from everywhere, no circles of branches
//! only). Separate from the parsing because it works on the finished raw parts,
//! not on lines.

use std::collections::{HashMap, VecDeque};

use super::BlockCx;
use super::scenario_parts::{RawKind, RawNode};
use crate::diagnostic::{Code, Pos};
use crate::model::Outcome;
use crate::tomlfields::closest;

pub(super) fn check_scenario_nodes(
    cx: &mut BlockCx,
    id: &str,
    opener: Pos,
    title: &Option<(String, Pos)>,
    start: &Option<(String, Pos)>,
    nodes: &[RawNode],
    unknown_parts: &[String],
) {
    if title.is_none() {
        cx.error(opener, Code::MissingKey, format!("scenario `{id}` has no `title:`"))
            .hint = Some("Add a line `title: ...` right after the ::: scenario line.".into());
    }
    if start.is_none() {
        cx.error(opener, Code::MissingKey, format!("scenario `{id}` has no `start:`"))
            .hint = Some("Add a line `start: <id of the first step>` after the title.".into());
    }

    // Per-node content problems. Some of them leave holes in the graph (a step with
    // nothing to choose, a branch with no else, a target that does not exist);
    // reachability is then not checked, as it would only repeat the same problem.
    let mut graph_incomplete = !unknown_parts.is_empty();
    let is_unknown_part = |t: &str| unknown_parts.iter().any(|u| u == t);
    for n in nodes {
        match &n.kind {
            RawKind::Step { narrative, choices } => {
                if narrative.is_blank() {
                    cx.error(n.at, Code::EmptyNarrative, format!("step `{}` has no narrative", n.id))
                        .hint = Some("Describe the situation before listing the choices.".into());
                }
                if choices.is_empty() {
                    graph_incomplete = true;
                    cx.error(n.at, Code::NoChoices, format!("step `{}` has no choices", n.id))
                        .hint = Some("Add at least one choice: `- What the learner does -> next-step (+1)`.".into());
                }
            }
            RawKind::Branch { otherwise, .. } => {
                if otherwise.is_none() {
                    graph_incomplete = true;
                    cx.error(n.at, Code::BranchWithoutElse, format!("branch `{}` has no `else` line", n.id))
                        .hint = Some("End the branch with `else -> step-id` so that every score leads somewhere.".into());
                }
            }
            RawKind::Ending { outcome, points, narrative } => {
                if outcome.is_none() {
                    cx.error(n.at, Code::MissingKey, format!("ending `{}` has no `outcome:`", n.id))
                        .hint = Some("Add `outcome: good-practice`, `outcome: mixed` or `outcome: harmful` under the @ending line.".into());
                }
                if points.is_none() {
                    cx.error(n.at, Code::MissingKey, format!("ending `{}` has no `points:`", n.id))
                        .hint = Some("Add `points: N` under the @ending line (0 is allowed).".into());
                }
                if narrative.is_blank() {
                    cx.error(n.at, Code::EmptyNarrative, format!("ending `{}` has no narrative", n.id))
                        .hint = Some("Describe what happened next and what good practice would have been.".into());
                }
            }
        }
    }

    // Ids.
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if n.id.is_empty() {
            continue;
        }
        if let Some(&first) = index.get(n.id.as_str()) {
            let f = nodes[first].at;
            cx.error(n.id_pos, Code::DuplicateId, format!("`{}` is already used in this scenario (line {})", n.id, f.line))
                .hint = Some("Steps, branches and endings of a scenario need different ids.".into());
        } else {
            index.insert(&n.id, i);
        }
    }
    // Sorted, so that of two ids equally close to a typo the same one is suggested every time.
    let mut all_ids: Vec<&str> = index.keys().copied().collect();
    all_ids.sort_unstable();
    let unknown_hint = |t: &str| match closest(t, &all_ids) {
        Some(c) => format!("Did you mean `{c}`?"),
        None => format!("Known ids in this scenario: {}.", all_ids.join(", ")),
    };

    let mut start_index = None;
    if let Some((s, at)) = start {
        match index.get(s.as_str()) {
            None if is_unknown_part(s) => {}
            None => {
                let hint = unknown_hint(s);
                cx.error(*at, Code::MissingTarget, format!("`start` names `{s}`, which is not a step in this scenario"))
                    .hint = Some(hint);
            }
            Some(&i) if matches!(nodes[i].kind, RawKind::Ending { .. }) => {
                cx.error(*at, Code::ScenarioSyntax, format!("`start` names the ending `{s}`; the learner would make no choice"))
                    .hint = Some("Start at a @step (or a @branch).".into());
            }
            Some(&i) => start_index = Some(i),
        }
    }
    for n in nodes {
        for (t, at) in n.targets() {
            if t.is_empty() {
                // Already reported where the line was read.
                graph_incomplete = true;
            } else if !index.contains_key(t) && !is_unknown_part(t) {
                graph_incomplete = true;
                let hint = unknown_hint(t);
                cx.error(at, Code::MissingTarget, format!("`{t}` is not a step, branch or ending in this scenario"))
                    .hint = Some(hint);
            }
        }
    }

    let edges: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| n.targets().iter().filter_map(|(t, _)| index.get(t).copied()).collect())
        .collect();
    let endings: Vec<usize> = (0..nodes.len())
        .filter(|&i| matches!(nodes[i].kind, RawKind::Ending { .. }))
        .collect();
    if endings.is_empty() {
        cx.error(opener, Code::NoEnding, format!("scenario `{id}` has no ending"))
            .hint = Some("Add at least one `@ending <id>` with outcome:, points: and a narrative.".into());
    }

    let Some(start_index) = start_index else { return };
    if graph_incomplete {
        return;
    }
    let reachable = bfs(&[start_index], &edges);
    for (i, n) in nodes.iter().enumerate() {
        let first_with_id = index.get(n.id.as_str()) == Some(&i);
        if !reachable[i] && first_with_id {
            cx.error(n.at, Code::Unreachable, format!("{} `{}` cannot be reached from the start `{}`", n.kind_name(), n.id, nodes[start_index].id))
                .hint = Some("Point a choice or a branch at it, or remove it.".into());
        }
    }
    if endings.is_empty() {
        return;
    }
    let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (from, tos) in edges.iter().enumerate() {
        for &to in tos {
            reverse[to].push(from);
        }
    }
    let can_end = bfs(&endings, &reverse);
    for (i, n) in nodes.iter().enumerate() {
        if reachable[i] && !can_end[i] {
            cx.error(n.at, Code::NoWayOut, format!("no ending can be reached from {} `{}`", n.kind_name(), n.id))
                .hint = Some("The choices here loop back without a way out: let at least one path lead to an @ending.".into());
        }
    }

    // A circle made only of branches would bounce forever: the score cannot change
    // between them.
    let is_branch = |i: usize| matches!(nodes[i].kind, RawKind::Branch { .. });
    let mut state = vec![0u8; nodes.len()]; // 0 new, 1 on stack, 2 done
    for root in 0..nodes.len() {
        if !is_branch(root) || state[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let succ: Vec<usize> = edges[node].iter().copied().filter(|&s| is_branch(s)).collect();
            if *next < succ.len() {
                let s = succ[*next];
                *next += 1;
                if state[s] == 1 {
                    cx.error(nodes[s].at, Code::BranchLoop, format!("branch `{}` can lead back to itself through other branches only", nodes[s].id))
                        .hint = Some("The score does not change between branches, so this would never stop. Put a @step in the circle.".into());
                } else if state[s] == 0 {
                    state[s] = 1;
                    stack.push((s, 0));
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }

    // Harmful endings that pay more than good practice are almost certainly a typo.
    let best_good = nodes
        .iter()
        .filter_map(|n| match &n.kind {
            RawKind::Ending { outcome: Some((Outcome::GoodPractice, _)), points: Some((p, _)), .. } => Some(*p),
            _ => None,
        })
        .max();
    if let Some(best_good) = best_good {
        for n in nodes {
            if let RawKind::Ending { outcome: Some((o, _)), points: Some((p, at)), .. } = &n.kind
                && *o != Outcome::GoodPractice
                && *p > best_good
            {
                cx.warning(*at, Code::Suspicious, format!("this {} ending gives more points ({p}) than the best good-practice ending ({best_good})", o.as_str()));
            }
        }
    }
}

fn bfs(from: &[usize], edges: &[Vec<usize>]) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for &f in from {
        if !seen[f] {
            seen[f] = true;
            queue.push_back(f);
        }
    }
    while let Some(n) = queue.pop_front() {
        for &m in &edges[n] {
            if !seen[m] {
                seen[m] = true;
                queue.push_back(m);
            }
        }
    }
    seen
}
