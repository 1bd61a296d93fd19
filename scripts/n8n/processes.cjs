// The processes scripts/n8n starts (n8n servers and CLI commands) and what is left of them: each runs under
// scripts/n8n-guard.cjs in a process group of its own and is stopped by PID (the group), never by name.
'use strict';
const { spawn } = require('node:child_process');
const { once } = require('node:events');
const fs = require('node:fs');
const path = require('node:path');
const runtime = require('../runtime.cjs');

const GUARD = path.join(__dirname, '..', 'n8n-guard.cjs');

/**
 * Spawns an n8n process through scripts/n8n-guard.cjs: guard, n8n and n8n's task runner share one process
 * group (stopped together by PID), and the guard ends the group should this process die without stop().
 * Output goes to a file, not through pipes that would break when this process ends.
 * @param {string[]} args  n8n's arguments
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, outputFile: string }} options
 */
function spawnGuardedN8n(args, { cwd, env, outputFile }) {
	const out = fs.openSync(outputFile, 'a');
	let child;
	try {
		child = spawn(runtime.nodeBin, [GUARD, runtime.nodeBin, runtime.n8nBin, ...args], {
			cwd,
			env,
			detached: true,
			stdio: ['pipe', out, out],
		});
	} finally {
		fs.closeSync(out);
	}
	// stdin is a pipe (stdio[0]); an error on it means the guard is gone, and there is nothing to tell it.
	/** @type {import('node:stream').Writable} */ (child.stdin).on('error', () => {});
	return child;
}

/**
 * SIGTERM to the child's process group, SIGKILL after `graceMs`; resolves when the child has exited.
 * @param {import('node:child_process').ChildProcess} child  the leader of its group (spawned detached)
 */
async function stopProcessGroup(child, graceMs = 10_000) {
	const pid = /** @type {number} */ (child.pid);
	if (child.exitCode !== null || child.signalCode !== null) {
		try {
			process.kill(-pid, 'SIGKILL'); // helpers of an exited leader
		} catch {
			// none left
		}
		return;
	}
	const exited = once(child, 'exit');
	try {
		process.kill(-pid, 'SIGTERM');
	} catch {
		return;
	}
	const timer = setTimeout(() => {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// gone meanwhile
		}
	}, graceMs);
	await exited;
	clearTimeout(timer);
	try {
		process.kill(-pid, 'SIGKILL'); // the task runner, should it outlive its parent
	} catch {
		// none left
	}
}

/**
 * SIGKILL to the child's process group, at once: the last resort when this process exits without stop().
 * @param {import('node:child_process').ChildProcess} child
 */
function killProcessGroupSync(child) {
	try {
		process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
	} catch {
		// already gone
	}
}

/**
 * A throwaway user folder for one e2e run: <cache>/e2e/n8n-<pid>, outside the checkout so that tools walking the
 * repository (lint) never meet n8n's files. It stays after the run for a look at its n8n.log; folders of earlier
 * runs whose process has ended are removed, so runs side by side are safe.
 */
function e2eUserFolder() {
	const base = path.join(runtime.cacheDir, 'e2e');
	fs.mkdirSync(base, { recursive: true });
	for (const name of fs.readdirSync(base)) {
		const pid = Number(/^n8n-(\d+)$/.exec(name)?.[1]);
		if (!pid || pid === process.pid) continue;
		let alive = true;
		try {
			process.kill(pid, 0);
		} catch (error) {
			alive = error.code === 'EPERM';
		}
		if (!alive) fs.rmSync(path.join(base, name), { recursive: true, force: true });
	}
	return path.join(base, `n8n-${process.pid}`);
}

module.exports = { spawnGuardedN8n, stopProcessGroup, killProcessGroupSync, e2eUserFolder };
