//! Walking through a case scenario: where the learner is, what their running score
//! is, and where a choice leads. Pure, so the server can store the state and replay
//! it without this crate knowing about sessions or databases.

use serde::{Deserialize, Serialize};

use crate::model::{Ending, RichText, Scenario, ScenarioNode};

/// Where a learner is in a scenario. `node` is always a step (waiting for a choice)
/// or an ending (finished); branches are passed through automatically.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioState {
    pub node: String,
    pub score: i32,
    pub finished: bool,
    /// Every step and ending visited, in order, starting with the first step; kept
    /// so a trainer can later see the path a learner took.
    pub path: Vec<String>,
}

/// The consequence of one choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOutcome {
    pub state: ScenarioState,
    pub feedback: RichText,
    pub score_change: i32,
    /// Set when the choice led (possibly through branches) to an ending.
    pub ending: Option<Ending>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScenarioError {
    /// The state or the scenario names a node that does not exist (a stale state
    /// after the course changed, or an unvalidated scenario).
    UnknownNode(String),
    /// The scenario has already reached an ending.
    Finished,
    /// The state points at a branch, which never waits for a choice.
    NotAStep(String),
    ChoiceOutOfRange { index: usize, choices: usize },
    /// Branches point at each other without a step in between.
    BranchLoop(String),
}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScenarioError::UnknownNode(id) => write!(f, "scenario has no step `{id}`"),
            ScenarioError::Finished => write!(f, "scenario has already ended"),
            ScenarioError::NotAStep(id) => write!(f, "`{id}` is not a step"),
            ScenarioError::ChoiceOutOfRange { index, choices } => {
                write!(f, "choice {index} does not exist; the step has {choices} choices")
            }
            ScenarioError::BranchLoop(id) => write!(f, "branches loop without a step at `{id}`"),
        }
    }
}

impl std::error::Error for ScenarioError {}

/// Follows branches from `id` with the given score until a step or an ending.
fn settle<'s>(scenario: &'s Scenario, id: &str, score: i32) -> Result<&'s ScenarioNode, ScenarioError> {
    let mut current = id;
    // More hops than nodes means we are going round in circles.
    for _ in 0..=scenario.nodes.len() {
        let node = scenario
            .node(current)
            .ok_or_else(|| ScenarioError::UnknownNode(current.to_string()))?;
        match node {
            ScenarioNode::Branch(b) => {
                current = b
                    .conditions
                    .iter()
                    .find(|c| c.comparison.holds(score, c.value))
                    .map_or(b.otherwise.as_str(), |c| c.target.as_str());
            }
            _ => return Ok(node),
        }
    }
    Err(ScenarioError::BranchLoop(current.to_string()))
}

/// The state at the beginning: score 0, at the start step (or wherever the start
/// branch leads with score 0).
pub fn start(scenario: &Scenario) -> Result<ScenarioState, ScenarioError> {
    let node = settle(scenario, &scenario.start, 0)?;
    Ok(ScenarioState {
        node: node.id().to_string(),
        score: 0,
        finished: matches!(node, ScenarioNode::Ending(_)),
        path: vec![node.id().to_string()],
    })
}

/// Applies the learner's choice (0-based index among the current step's choices):
/// adds its score change, follows its target and any branches after it.
pub fn choose(scenario: &Scenario, state: &ScenarioState, choice_index: usize) -> Result<ChoiceOutcome, ScenarioError> {
    let node = scenario
        .node(&state.node)
        .ok_or_else(|| ScenarioError::UnknownNode(state.node.clone()))?;
    let step = match node {
        ScenarioNode::Step(s) => s,
        ScenarioNode::Ending(_) => return Err(ScenarioError::Finished),
        ScenarioNode::Branch(b) => return Err(ScenarioError::NotAStep(b.id.clone())),
    };
    let choice = step.choices.get(choice_index).ok_or(ScenarioError::ChoiceOutOfRange {
        index: choice_index,
        choices: step.choices.len(),
    })?;
    let score = state.score.saturating_add(choice.score);
    let next = settle(scenario, &choice.target, score)?;
    let mut path = state.path.clone();
    path.push(next.id().to_string());
    let ending = match next {
        ScenarioNode::Ending(e) => Some(e.clone()),
        _ => None,
    };
    Ok(ChoiceOutcome {
        state: ScenarioState {
            node: next.id().to_string(),
            score,
            finished: ending.is_some(),
            path,
        },
        feedback: choice.feedback.clone(),
        score_change: choice.score,
        ending,
    })
}

/// One choice on a path through a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathChoice {
    pub step: String,
    pub choice: usize,
}

/// The choices that lead from the start to the best ending: the most points, then a
/// good-practice outcome over others, then the fewest steps. Learners see it after they reach
/// an ending, as what good practice would have been. `None` if no ending can be reached (never
/// for a validated scenario).
pub fn best_path(scenario: &Scenario) -> Option<Vec<PathChoice>> {
    use std::collections::{HashSet, VecDeque};
    // Scores can make the same step lead different ways, so a state is (step, score). Cycles
    // with a way out are allowed; the visited set and the cap keep the search finite.
    const MAX_STATES: usize = 10_000;
    let first = start(scenario).ok()?;
    let mut queue = VecDeque::from([(first, Vec::<PathChoice>::new())]);
    let mut seen: HashSet<(String, i32)> = HashSet::new();
    let mut best: Option<(u32, bool, Vec<PathChoice>)> = None;
    while let Some((state, choices)) = queue.pop_front() {
        if seen.len() > MAX_STATES || !seen.insert((state.node.clone(), state.score)) {
            continue;
        }
        if let Some(ScenarioNode::Ending(ending)) = scenario.node(&state.node) {
            let good = ending.outcome == crate::model::Outcome::GoodPractice;
            let better = best.as_ref().is_none_or(|(points, was_good, _)| {
                (ending.points, good) > (*points, *was_good)
            });
            if better {
                best = Some((ending.points, good, choices));
            }
            continue;
        }
        let Some(ScenarioNode::Step(step)) = scenario.node(&state.node) else { continue };
        for index in 0..step.choices.len() {
            if let Ok(outcome) = choose(scenario, &state, index) {
                let mut next = choices.clone();
                next.push(PathChoice { step: step.id.clone(), choice: index });
                queue.push_back((outcome.state, next));
            }
        }
    }
    best.map(|(_, _, choices)| choices)
}
