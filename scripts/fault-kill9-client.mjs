// Drives answer submissions for scripts/fault-kill9.sh: CLIENTS signed-in learners answer practice
// questions of one course (opening a new practice attempt whenever one is finished) until TOTAL
// submissions were acknowledged. Every acknowledged submission is appended to ACK_FILE as
// "email module question attempt-number" so that the script can look for it in the database.
// Connection errors (the server was killed) are retried after a pause and never counted.
import { appendFileSync } from 'node:fs';

const [base, clients, total, ackFile] = [process.env.BASE, Number(process.env.CLIENTS), Number(process.env.TOTAL), process.env.ACK_FILE];
const COURSE = 'recognising-trafficking';
let acknowledged = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class Learner {
  constructor(email) { this.email = email; this.cookies = {}; }
  cookieHeader() { return Object.entries(this.cookies).map(([k, v]) => `${k}=${v}`).join('; '); }
  async request(path, form) {
    for (;;) {
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
        return { status: response.status, text: await response.text() };
      } catch {
        await sleep(200); // the server is down: try again until it is back
      }
    }
  }
  token(html) { return /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? this.cookies.tiltas_csrf; }
  async signIn(password) {
    const login = await this.request('/login');
    const result = await this.request('/api/sign_in', { csrf: this.token(login.text), email: this.email, password });
    if (!this.cookies.tiltas_session) throw new Error(`${this.email} could not sign in (${result.status})`);
    const course = await this.request(`/courses/${COURSE}`);
    await this.request('/api/enrol', { csrf: this.token(course.text), slug: COURSE });
    const page = await this.request(`/courses/${COURSE}`);
    this.modules = [...new Set([...page.text.matchAll(new RegExp(`/courses/${COURSE}/modules/([a-z0-9-]+)"`, 'g'))].map((m) => m[1]))];
  }
  async run(password) {
    await this.signIn(password);
    const attempts = {};
    for (let round = 0; acknowledged < total; round++) {
      for (const module of this.modules) {
        const page = await this.request(`/courses/${COURSE}/modules/${module}?note=read`);
        const questions = [...new Set([...page.text.matchAll(/name="question_id" value="([^"]+)"/g)].map((m) => m[1]))];
        if (questions.length === 0 || /assessment/.test(module)) continue;
        attempts[module] = round + 1;
        for (const question of questions) {
          if (acknowledged >= total) return;
          const sent = await this.request('/api/answer_question', { csrf: this.token(page.text), slug: COURSE, module_id: module, question_id: question, 'selected[]': '0' });
          if (sent.status === 200) {
            acknowledged++;
            appendFileSync(ackFile, `${this.email} ${module} ${question} ${attempts[module]}\n`);
          }
        }
        // Every question answered: open the next practice attempt for the next round.
        await this.request('/api/start_attempt', { csrf: this.token(page.text), slug: COURSE, module_id: module });
      }
    }
  }
}

const password = 'a long enough passphrase';
await Promise.all(Array.from({ length: clients }, (_, i) => new Learner(`learner${i}@kill9.test`).run(password)));
console.log(`acknowledged ${acknowledged}`);
