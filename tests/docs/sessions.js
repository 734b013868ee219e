// Replays the command-line sessions of the docs against a cloudflow-local of their own, and
// compares what each command prints with what the docs show.
//
//   node sessions.js --bin DIR [--bin DIR...] [--show] ROOT FILE.md...
//
// A session is one or more fenced blocks labelled `console session:NAME` (in the order of the
// file): lines starting with `$ ` are commands, the lines after one are what it prints (standard
// output and error, in order). Blocks of one name share a shell's variables, a scratch directory
// and one cloudflow-local, which the session's first command `$ cloudflow-local ...` (or
// `$ cloudflow-local ... &`) starts (in the background, on a free port: the port the docs show it
// listening on is replaced by that one in URLs, in commands and output). A block labelled
// `console log:NAME` is what that cloudflow-local printed since it started.
// A command ending in ` &` (a server of the docs' own, such as an HTTP task's peer) runs in the
// background until the session ends; what it prints first is its output (it has 10 s to print it).
// A block of any language labelled `file:FILE session:NAME` is written to FILE in the session's
// directory, for the commands after it. The directory links to the repository's samples/, as the
// docs' commands run from a checkout.
//
// Comparing, the docs' text may leave out what changes from run to run:
//   - `...` stands for any text (in a line: "{"RequestId":"2245BD5F-...","Name":...});
//   - a line may stop short ("...,"NextT"): the rest of the printed line is not compared;
//   - a line `...` alone stands for any number of lines;
//   - times (2026-12-02T10:35:55.475Z) and ports are compared as such, not by value.
// RequestIds and other ids come from the emulator's seeded generator (`--seed`, default 1): the
// same session prints the same ones.
//
// --bin adds a directory to the front of PATH (the build's cloudflow and cloudflow-local).
// --show prints what each command printed, to update the docs from. Exit status 1 on a mismatch.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const {spawn, spawnSync} = require('child_process');

function parseArgs(argv) {
  const out = {bins: [], show: false, files: []};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--bin') out.bins.push(path.resolve(argv[++i]));
    else if (argv[i] === '--show') out.show = true;
    else out.files.push(argv[i]);
  }
  out.root = out.files.shift();
  return out;
}

// The labelled blocks of a Markdown file: {file, line, kind ('session'|'log'), name, text}.
function blocks(root, file) {
  const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
  const found = [];
  let open = null;
  lines.forEach((l, i) => {
    const fence = /^\s*```(.*)$/.exec(l);
    if (!open) {
      if (!fence) return;
      const words = fence[1].trim().split(/\s+/);
      const label = words.slice(1).find((w) => w.startsWith('session:') || w.startsWith('log:'));
      const written = words.slice(1).find((w) => w.startsWith('file:'));
      open = {file, line: i + 1, language: words[0], label, written, body: []};
    } else if (fence && fence[1].trim() === '') {
      if (open.written && open.label && open.label.startsWith('session:')) {
        found.push({file: open.file, line: open.line, kind: 'file', name: open.label.split(':')[1],
                    target: open.written.slice('file:'.length), text: open.body});
      } else if (open.language === 'console' && open.label) {
        const [kind, name] = open.label.split(':');
        found.push({file: open.file, line: open.line, kind: kind === 'session' ? 'session' : 'log', name,
                    text: open.body});
      }
      open = null;
    } else {
      open.body.push(l);
    }
  });
  return found;
}

// A command and what it prints, from a session block; `line` is the command's line in the file.
function steps(block) {
  const out = [];
  block.text.forEach((l, i) => {
    if (l.startsWith('$ ')) out.push({command: l.slice(2), expected: [], line: block.line + 1 + i});
    else if (out.length && l.trim() !== '') out[out.length - 1].expected.push(l);
  });
  return out;
}

const time = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;
const port = /(127\.0\.0\.1|localhost):\d+/g;
function normalized(text) {
  return text.replace(time, '<time>').replace(port, '$1:<port>');
}

// Whether a printed line matches the docs' line: `...` anywhere, and the docs' line may stop short.
function lineMatches(actual, expected) {
  const a = normalized(actual);
  const pieces = normalized(expected).split('...');
  if (!a.startsWith(pieces[0])) return false;
  let at = pieces[0].length;
  for (const piece of pieces.slice(1)) {
    if (piece === '') continue;
    const found = a.indexOf(piece, at);
    if (found < 0) return false;
    at = found + piece.length;
  }
  return true;
}

// Matches lines, where a docs' line `...` stands for any number of lines.
function linesMatch(actual, expected) {
  if (expected.length === 0) return actual.length === 0;
  if (expected[0].trim() === '...') {
    for (let skip = 0; skip <= actual.length; skip++)
      if (linesMatch(actual.slice(skip), expected.slice(1))) return true;
    return false;
  }
  return actual.length > 0 && lineMatches(actual[0], expected[0]) && linesMatch(actual.slice(1), expected.slice(1));
}

class Session {
  constructor(name, env, root) {
    this.name = name;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudflow-docs-session-'));
    fs.symlinkSync(path.resolve(root, 'samples'), path.join(this.dir, 'samples'));
    this.env = env;
    this.vars = {};
    this.emulator = null;
    this.log = '';
    this.logStart = 0;
    this.url = null;
    this.docsPort = null;
    this.background = [];
  }

  // The docs' URLs point at their own run's port: this run's is the emulator's. The programs of a
  // build tree (./build/samples/cloudflow) are the ones on the PATH (--bin).
  adapted(command) {
    command = command.replace(/\.\/build\/(samples|emulator)\/(cloudflow(-local)?)\b/g, '$2');
    if (!this.url || !this.docsPort) return command;
    const actual = /:(\d+)$/.exec(this.url)[1];
    return command.replace(new RegExp('(127\\.0\\.0\\.1|localhost):' + this.docsPort + '\\b', 'g'), '$1:' + actual);
  }

  async startEmulator(command, expected) {
    // The docs' port (the one they print) is theirs: this run takes a free one.
    const args = command.split(/\s+/).slice(1);
    const at = args.indexOf('--port');
    if (at >= 0) args.splice(at, 2);
    const shown = expected.map((l) => /listening on \S+:(\d+)/.exec(l)).find((m) => m);
    this.docsPort = shown ? shown[1] : null;
    args.push('--port', '0');
    this.emulator = spawn('cloudflow-local', args, {cwd: this.dir, env: this.env, stdio: ['pipe', 'pipe', 'pipe']});
    this.emulator.stdout.on('data', (d) => { this.log += d; });
    this.emulator.stderr.on('data', (d) => { this.log += d; });
    const started = Date.now();
    while (!/listening on (\S+)/.test(this.log)) {
      if (this.emulator.exitCode !== null || Date.now() - started > 10000)
        throw new Error('cloudflow-local did not start: ' + this.log);
      await new Promise((r) => setTimeout(r, 20));
    }
    this.url = /listening on (\S+)/.exec(this.log)[1];
    // Its first lines are what the docs show for the command; a `log:` block shows what follows.
    await new Promise((r) => setTimeout(r, 100));
    this.logStart = this.log.length;
    return this.log;
  }

  run(command) {
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(command);
    const exported = /^export ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(command);
    const env = Object.assign({}, this.env, this.vars);
    if (assignment || exported) {
      const [, name, value] = assignment || exported;
      const r = spawnSync('bash', ['-c', 'printf %s ' + value], {cwd: this.dir, env, encoding: 'utf8'});
      this.vars[name] = r.stdout;
      return '';
    }
    const r = spawnSync('bash', ['-c', '{ ' + command + '\n} 2>&1'], {cwd: this.dir, env, encoding: 'utf8', timeout: 120000});
    return r.stdout;
  }

  async runInBackground(command) {
    const child = spawn('bash', ['-c', 'exec ' + command], {cwd: this.dir, env: Object.assign({}, this.env, this.vars), stdio: ['ignore', 'pipe', 'pipe']});
    this.background.push(child);
    let printed = '';
    child.stdout.on('data', (d) => { printed += d; });
    child.stderr.on('data', (d) => { printed += d; });
    const started = Date.now();
    while (!printed.includes('\n')) {
      if (child.exitCode !== null || Date.now() - started > 10000) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    return printed;
  }

  stop() {
    if (this.emulator && this.emulator.exitCode === null) this.emulator.kill('SIGTERM');
    for (const child of this.background) if (child.exitCode === null) child.kill('SIGTERM');
    fs.rmSync(this.dir, {recursive: true, force: true});
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const env = Object.assign({}, process.env, {PATH: args.bins.concat([process.env.PATH]).join(':')});
  // The docs' sessions use the demo's keys; nothing of the machine's own configuration leaks in.
  for (const k of Object.keys(env)) if (k.startsWith('ALIBABA_CLOUD_')) delete env[k];
  Object.assign(env, {ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', HOME: os.tmpdir()});

  let failures = 0, commands = 0;
  const sessions = new Map();
  try {
    for (const file of args.files) {
      for (const block of blocks(args.root, file)) {
        const key = file + ' ' + block.name;
        if (!sessions.has(key)) sessions.set(key, new Session(block.name, env, args.root));
        const session = sessions.get(key);
        if (block.kind === 'file') {
          if (block.target.includes('/')) throw new Error(`${file}:${block.line}: file:${block.target} is not a plain name`);
          fs.writeFileSync(path.join(session.dir, block.target), block.text.join('\n') + '\n');
          continue;
        }
        if (block.kind === 'log') {
          // The commands ran synchronously: let the emulator's output that came meanwhile arrive.
          await new Promise((r) => setTimeout(r, 300));
          const printed = session.log.slice(session.logStart).split('\n').filter((l) => l !== '');
          const expected = block.text.filter((l) => l.trim() !== '');
          commands++;
          if (!linesMatch(printed, expected)) {
            failures++;
            console.log(`${file}:${block.line}: cloudflow-local's output is not what the docs show:\n` +
                        printed.map((l) => '  | ' + l).join('\n'));
          }
          continue;
        }
        for (const step of steps(block)) {
          commands++;
          const command = session.adapted(step.command);
          let printed;
          // A bare `cloudflow-local ...` serves; one in a list (`...; echo "exit $?"`) runs to its end.
          const background = /\s&$/.test(command);
          const bare = command.replace(/\s&$/, '');
          if (/^cloudflow-local(\s|$)/.test(bare) && !/[;&|]|--validate|--help/.test(bare) && !session.emulator)
            printed = await session.startEmulator(bare, step.expected);
          else if (background)
            printed = await session.runInBackground(bare);
          else
            printed = session.run(command);
          const lines = printed.split('\n').filter((l) => l !== '');
          if (args.show) console.log(`${file}:${step.line}: $ ${step.command}\n` + lines.join('\n'));
          if (!linesMatch(lines, step.expected)) {
            failures++;
            console.log(`${file}:${step.line}: $ ${step.command}\n  the docs show:\n` +
                        step.expected.map((l) => '  | ' + l).join('\n') + '\n  it printed:\n' +
                        lines.map((l) => '  | ' + l).join('\n'));
          }
        }
      }
    }
  } finally {
    for (const s of sessions.values()) s.stop();
  }
  console.log(`${sessions.size} sessions, ${commands} commands, ${failures} not as the docs show`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
