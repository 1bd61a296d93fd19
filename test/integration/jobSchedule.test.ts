// How often a batch's job is checked, through n8n's engine against the stand-in with jobs that take time (50 ms
// plus 2 ms an entry, the stand-in's asyncJobMs/asyncJobMsPerEntry). Waits are instant here: the clock the
// stand-in reads (Date.now) moves on by every wait the node asks for, so request counts are exact and the test
// takes no real time. Figures for a small batch against single calls are in bench/batch.js.
import type { IDataObject } from 'n8n-workflow';

import { mockSleep, sleepCalls } from '../harness';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const JOB_MS = 50;
const JOB_MS_PER_ENTRY = 2;

/** Date.now as the real clock plus every wait recorded so far: the node's waits pass at the stand-in. */
const realNow = Date.now.bind(Date);
let clock: jest.SpyInstance | undefined;

beforeEach(() => {
	Object.assign(dropbox.standIn.filesOptions, { asyncJobPolls: 0, asyncJobMs: JOB_MS, asyncJobMsPerEntry: JOB_MS_PER_ENTRY });
	clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + sleepCalls().reduce((sum: number, ms: number) => sum + ms, 0));
});

afterEach(() => {
	clock?.mockRestore();
	Object.assign(dropbox.standIn.filesOptions, { asyncJobPolls: 1, asyncJobMs: 0, asyncJobMsPerEntry: 0 });
});

/** File → Delete Many of `count` new files: the items' statuses, the checks it made, and how long it waited. */
async function deleteBatch(count: number) {
	const folder = `/Schedule${count}`;
	const names = Array.from({ length: count }, (_, i) => `f${String(i).padStart(4, '0')}.txt`);
	for (const name of names) dropbox.put(`${folder}/${name}`, name);
	dropbox.standIn.clearRequests();
	const result = await dropbox.run(
		{ resource: 'file', operation: 'deleteMany', path: { __rl: true, mode: 'path', value: `={{ "${folder}/" + $json.name }}` } },
		{ items: names.map((name): { json: IDataObject } => ({ json: { name } })) },
	);
	if (result.error) throw result.error;
	return {
		statuses: new Set(result.items.map((item) => item.json.status)),
		launches: dropbox.requestsTo('files/delete_batch').length,
		checks: dropbox.requestsTo('files/delete_batch/check').length,
		waitedMs: result.sleeps.reduce((sum: number, ms: number) => sum + ms, 0),
		jobMs: JOB_MS + JOB_MS_PER_ENTRY * count,
	};
}

describe('Batch job checks: soon, then backing off', () => {
	it('10 entries: one check, 100 ms after the launch', async () => {
		const run = await deleteBatch(10);
		expect(run.statuses).toEqual(new Set(['success']));
		expect([run.launches, run.checks, run.waitedMs]).toEqual([1, 1, 100]);
	});

	it('100 entries (a 250 ms job): two checks, seen done as it ends', async () => {
		const run = await deleteBatch(100);
		expect(run.statuses).toEqual(new Set(['success']));
		expect([run.launches, run.checks]).toEqual([1, 2]);
		expect(run.waitedMs).toBeGreaterThanOrEqual(run.jobMs);
		expect(run.waitedMs).toBeLessThanOrEqual(run.jobMs * 1.5);
	});

	it('1,000 entries (a 2 s job): a handful of requests, done at most half its time late', async () => {
		const run = await deleteBatch(1000);
		expect(run.statuses).toEqual(new Set(['success']));
		expect(run.launches).toBe(1);
		expect(run.checks).toBeLessThanOrEqual(6);
		expect(run.waitedMs).toBeGreaterThanOrEqual(run.jobMs);
		expect(run.waitedMs).toBeLessThanOrEqual(run.jobMs * 1.5);
	});

	it('a long job is checked at most every 4 seconds', async () => {
		dropbox.standIn.filesOptions.asyncJobMs = 60_000;
		const run = await deleteBatch(2);
		expect(run.statuses).toEqual(new Set(['success']));
		const waits = sleepCalls().slice(-run.checks);
		expect(Math.max(...waits)).toBe(4_000);
		// Ten growing waits reach 11.3 s, then 4 s apart up to the job's 60 s: 23 checks, not hundreds. (Real time
		// passing between checks can only make the job end sooner, in fewer checks.)
		expect(run.checks).toBeLessThanOrEqual(23);
	});
});
