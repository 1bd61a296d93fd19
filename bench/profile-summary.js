// @ts-check
// Summarises a V8 CPU profile (.cpuprofile, e.g. from `node bench/transfer.js --profile DIR`): self time by
// function and by where the code lives (the node's dist/, n8n-core, axios, Node's own lib, native/GC), and total
// (inclusive) time of chosen functions.
// Run: node bench/profile-summary.js <file.cpuprofile> [--top N] [--total name,name,...]
'use strict';

const { readFileSync } = require('node:fs');

function main() {
	const args = process.argv.slice(2);
	const file = args.find((a) => !a.startsWith('--'));
	if (!file) throw new Error('usage: node bench/profile-summary.js <file.cpuprofile> [--top N] [--total fn,fn]');
	const top = Number(args[args.indexOf('--top') + 1]) || 25;
	const totals = args.includes('--total') ? args[args.indexOf('--total') + 1].split(',') : [];

	/** @type {{ nodes: any[], samples: number[], timeDeltas: number[], startTime: number, endTime: number }} */
	const profile = JSON.parse(readFileSync(file, 'utf8'));
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

	// Self time per node from the samples (time delta i belongs to sample i).
	const self = new Map();
	profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
	const wall = profile.endTime - profile.startTime;

	/** @param {string | undefined} url */
	const where = (url) => {
		if (!url) return 'native / (program, gc, idle)';
		if (url.includes('/dist/nodes/')) return 'the node (dist/nodes)';
		if (url.includes('n8n-core')) return 'n8n-core (+ its @n8n/*)';
		if (url.includes('/axios/')) return 'axios';
		if (url.includes('follow-redirects')) return 'follow-redirects';
		if (url.includes('/test/harness/')) return 'test harness';
		if (url.includes('n8n-workflow')) return 'n8n-workflow';
		if (url.startsWith('node:')) return "Node's lib (" + url.replace(/^node:(internal\/)?/, '').split('/')[0] + ')';
		if (url.includes('node_modules')) return url.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1');
		return url;
	};

	const byFunction = new Map();
	const byPlace = new Map();
	for (const [id, us] of self) {
		const { callFrame } = byId.get(id);
		const name = callFrame.functionName || '(anonymous)';
		const key = `${name}  ${callFrame.url ? callFrame.url.replace(/^.*\/(node_modules|work\/main)\//, '') + ':' + (callFrame.lineNumber + 1) : ''}`;
		byFunction.set(key, (byFunction.get(key) ?? 0) + us);
		const place = name === '(garbage collector)' ? 'garbage collector' : name === '(idle)' ? 'idle (waiting for I/O)' : where(callFrame.url);
		byPlace.set(place, (byPlace.get(place) ?? 0) + us);
	}
	/** @param {number} us */
	const ms = (us) => (us / 1000).toFixed(0).padStart(7) + ' ms';
	/** @param {number} us */
	const pct = (us) => ((100 * us) / wall).toFixed(1).padStart(5) + ' %';
	console.log(`${file}: ${(wall / 1e6).toFixed(2)} s profiled\n\nself time by place:`);
	for (const [place, us] of [...byPlace].sort((a, b) => b[1] - a[1])) console.log(`${ms(us)} ${pct(us)}  ${place}`);
	console.log(`\nself time by function (top ${top}):`);
	for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ${pct(us)}  ${key}`);

	// Inclusive time: samples whose stack contains a frame with this function name.
	for (const name of totals) {
		let us = 0;
		profile.samples.forEach((id, i) => {
			for (let n = id; n !== undefined; n = parent.get(n)) {
				if (byId.get(n).callFrame.functionName === name) {
					us += profile.timeDeltas[i] ?? 0;
					break;
				}
			}
		});
		console.log(`total in ${name}: ${ms(us)} ${pct(us)}`);
	}
}

main();
