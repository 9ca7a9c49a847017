// Signed-in learners reading and answering, for the fault and load scripts (scripts/fault-*.sh,
// scripts/load-mixed.sh). CLIENTS learners (learner0@DOMAIN … with PASSWORD) enrol in COURSE and
// go round its practice modules: open the module page, answer every question once, open a new
// practice attempt. With READ_PAGES=1 each module is preceded by the dashboard and course page,
// so the mix is mostly reading. With ANSWERS_ONLY=1 (the benchmark's count mode) each learner
// reads every module page once while signing in, and then only answers: every question of every
// practice module, then a new attempt of each, so that no answer repeats an earlier one.
// They stop after TOTAL acknowledged answers or DURATION seconds. With PLAN_FILE they only sign
// in and write themselves down for scripts/lib/wrk-answers.lua (below).
//
// Every acknowledged answer (HTTP 200) is appended to ACK_FILE as
// "email module question attempt-number", for the script to look up in the database.
// ON_ERROR=retry (faults): a request the server could not answer (no connection, 5xx) is retried
// after a pause until it succeeds, and is never counted as acknowledged; a refusal (4xx) is counted
// as an error, unless it answers a request sent again (then it is "unsettled": the first sending
// may have been carried out). ON_ERROR=count (load): a failed request is counted as an error.
// At the end one JSON line summarises requests, answers, errors and latencies.
import { appendFileSync } from 'node:fs';

const env = process.env;
const base = env.BASE;
const clients = Number(env.CLIENTS ?? 32);
const total = Number(env.TOTAL ?? Infinity);
let deadline = Infinity; // set once everyone has signed in: DURATION is the load, not the sign-ins
const ackFile = env.ACK_FILE;
const retry = (env.ON_ERROR ?? 'retry') === 'retry';
const readPages = env.READ_PAGES === '1';
const answersOnly = env.ANSWERS_ONLY === '1';
const domain = env.EMAIL_DOMAIN ?? 'kill9.test';
const COURSE = env.COURSE ?? 'recognising-trafficking';
const password = env.PASSWORD ?? 'a long enough passphrase';

const stats = { requests: 0, acknowledged: 0, errors: 0, unsettled: 0, statuses: {}, errorSamples: [], latencies: [], answerLatencies: [] };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const running = () => stats.acknowledged < total && Date.now() < deadline;

class Learner {
  constructor(email) { this.email = email; this.cookies = {}; }
  cookieHeader() { return Object.entries(this.cookies).map(([k, v]) => `${k}=${v}`).join('; '); }
  async request(path, form) {
    for (let tries = 1; ; tries++) {
      const started = performance.now();
      let outcome;
      try {
        const response = await fetch(base + path, {
          method: form ? 'POST' : 'GET',
          redirect: 'manual',
          headers: { cookie: this.cookieHeader(), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
          body: form ? new URLSearchParams(form).toString() : undefined,
        });
        for (const line of response.headers.getSetCookie()) {
          const [pair] = line.split(';');
          const [name, value] = pair.split('=');
          if (/Max-Age=0/.test(line)) delete this.cookies[name]; else this.cookies[name] = value;
        }
        outcome = { status: response.status, text: await response.text() };
      } catch (error) {
        outcome = { status: 0, text: String(error.cause?.code ?? error) };
      }
      stats.requests++;
      stats.statuses[outcome.status] = (stats.statuses[outcome.status] ?? 0) + 1;
      if (outcome.status > 0 && outcome.status < 400) {
        stats.latencies.push(performance.now() - started);
        return outcome;
      }
      // A refusal (4xx) will not change by asking again: only an unreachable server or an
      // unavailable database (5xx) is waited out.
      const transient = outcome.status === 0 || outcome.status >= 500;
      // A refusal of a request sent again after a lost answer is not a refusal of the request:
      // the first sending may have been carried out before the server died (the last answer of
      // an attempt, say, which finishes it, so that the second is told the attempt is over).
      // Counted apart as unsettled, never as acknowledged.
      if (retry && !transient && tries > 1) {
        stats.unsettled++;
        return outcome;
      }
      if (!retry || !transient) {
        stats.errors++;
        if (stats.errorSamples.length < 10) stats.errorSamples.push(`${form ? 'POST' : 'GET'} ${path}: ${outcome.status} ${outcome.text.slice(0, 120)}`);
        return outcome;
      }
      await sleep(200); // the server or its database is down: try again until it is back
    }
  }
  token(html) { return /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? this.cookies.tiltas_csrf; }
  async signIn() {
    const login = await this.request('/login');
    const result = await this.request('/api/sign_in', { csrf: this.token(login.text), email: this.email, password });
    if (!this.cookies.tiltas_session) throw new Error(`${this.email} could not sign in (${result.status})`);
    const course = await this.request(`/courses/${COURSE}`);
    await this.request('/api/enrol', { csrf: this.token(course.text), slug: COURSE });
    const page = await this.request(`/courses/${COURSE}`);
    this.modules = [...new Set([...page.text.matchAll(new RegExp(`/courses/${COURSE}/modules/([a-z0-9-]+)"`, 'g'))].map((m) => m[1]))];
    // Practice questions are the same in every attempt, so one look at each page is enough.
    this.pages = {};
    if (answersOnly) for (const module of this.modules) this.pages[module] = await this.readModule(module);
  }
  async readModule(module) {
    const page = await this.request(`/courses/${COURSE}/modules/${module}?note=read`);
    const questions = [...new Set([...page.text.matchAll(/name="question_id" value="([^"]+)"/g)].map((m) => m[1]))];
    return { csrf: this.token(page.text), questions };
  }
  async run() {
    const attempts = {};
    for (let round = 1; running(); round++) {
      for (const module of this.modules) {
        if (readPages) {
          await this.request('/');
          await this.request(`/courses/${COURSE}`);
        }
        const { csrf, questions } = this.pages[module] ?? (await this.readModule(module));
        if (questions.length === 0 || /assessment/.test(module)) continue;
        attempts[module] = round;
        for (const question of questions) {
          if (!running()) return;
          const started = performance.now();
          const sent = await this.request('/api/answer_question', { csrf, slug: COURSE, module_id: module, question_id: question, 'selected[]': '0' });
          if (sent.status === 200) {
            stats.acknowledged++;
            stats.answerLatencies.push(performance.now() - started);
            appendFileSync(ackFile, `${this.email} ${module} ${question} ${attempts[module]}\n`);
          }
        }
        // Every question answered: open the next practice attempt for the next round.
        await this.request('/api/start_attempt', { csrf, slug: COURSE, module_id: module });
      }
    }
  }
}

const learners = Array.from({ length: clients }, (_, i) => new Learner(`learner${i}@${domain}`));
// One sign-in at a time, as people arrive: the load is what follows.
for (const learner of learners) await learner.signIn();
// PLAN_FILE (with ANSWERS_ONLY=1): the signed-in learners are written down for a lighter client
// to drive (scripts/lib/wrk-answers.lua), one line each: email, cookie header, then for every
// practice module "module csrf question,question,…", tab-separated.
if (env.PLAN_FILE) {
  const practice = (learner) => learner.modules.filter((m) => learner.pages[m]?.questions.length && !/assessment/.test(m));
  const lines = learners.map((learner) =>
    [learner.email, learner.cookieHeader(), ...practice(learner).map((m) => `${m} ${learner.pages[m].csrf} ${learner.pages[m].questions.join(',')}`)].join('\t'));
  appendFileSync(env.PLAN_FILE, lines.join('\n') + '\n');
  process.exit(0);
}
// The figures are of the load only: the sign-ins' requests are left out.
const signInRequests = stats.requests;
stats.latencies = [];
const started = Date.now();
if (env.DURATION) deadline = started + Number(env.DURATION) * 1000;
await Promise.all(learners.map((learner) => learner.run()));
const seconds = (Date.now() - started) / 1000;
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))].toFixed(1) : null;
};
console.log(JSON.stringify({
  clients, seconds, requests: stats.requests - signInRequests, requestsPerSecond: Math.round((stats.requests - signInRequests) / seconds),
  acknowledged: stats.acknowledged, answersPerSecond: Math.round(stats.acknowledged / seconds), errors: stats.errors, unsettled: stats.unsettled,
  statuses: stats.statuses, p50ms: percentile(stats.latencies, 50), p99ms: percentile(stats.latencies, 99),
  answerP50ms: percentile(stats.answerLatencies, 50), answerP99ms: percentile(stats.answerLatencies, 99),
  errorSamples: stats.errorSamples,
}));
