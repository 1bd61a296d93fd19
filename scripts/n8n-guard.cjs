// Runs one command (an n8n process) as the leader of its own process group, and ends the whole group when the
// process that started it goes away: it keeps our stdin, a pipe from the parent, and the pipe closes however the
// parent ends (stop(), Ctrl-C in jest, a crash, SIGKILL). So no n8n or task runner outlives a script or a test run.
// Usage: node n8n-guard.cjs <command> [args...]; exits with the command's exit code.
'use strict';
const { spawn } = require('node:child_process');

const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });

let ending = false;
/** SIGKILL for the group if the command has not ended within ten seconds. */
function deadline() {
	if (ending) return;
	ending = true;
	setTimeout(() => {
		try {
			process.kill(0, 'SIGKILL');
		} catch {
			// gone already
		}
	}, 10_000).unref();
}

function endGroup() {
	if (ending) return;
	try {
		process.kill(0, 'SIGTERM'); // this group: the command, its helpers (n8n's task runner), and this guard
	} catch {
		// gone already
	}
	deadline();
}

// A signal sent to the group (stop()) reaches the command too: wait for it and exit with its code.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, deadline);

process.stdin.on('end', endGroup);
process.stdin.on('close', endGroup);
process.stdin.on('error', endGroup);
process.stdin.resume();

child.on('error', (error) => {
	process.stderr.write(`n8n-guard: cannot run ${command}: ${error.message}\n`);
	process.exit(127);
});
child.on('exit', (code, signal) => {
	process.exit(code ?? (signal === 'SIGKILL' ? 137 : 143));
});
