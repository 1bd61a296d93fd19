// The long-poll member loop and its slots on their own, with a scripted Dropbox: what is waited (n8n's sleep,
// recorded and made instant), how many long-polls are open at once, and that nothing turns into a busy loop.
import { mockSleep, resetSleepCalls, sleepCalls } from '../harness';
import type { MemberFeed } from '../../nodes/shared/longpoll';
import { LONGPOLL_TIMEOUT_S, Slots, followMember, retryWaitMs } from '../../nodes/shared/longpoll';

mockSleep();
beforeEach(() => resetSleepCalls());

type Answer = { changes: boolean; backoff?: number } | Error;

/** A Dropbox whose long-polls answer from a script; `stop` aborts the loop after the script ran out. */
function scripted(answers: Answer[]) {
	const controller = new AbortController();
	const calls: Array<{ route: string; arg: unknown }> = [];
	const dropbox = {
		rpc: async <T>(route: string, arg?: unknown): Promise<T> => {
			calls.push({ route, arg });
			const next = answers.shift();
			if (!next) {
				controller.abort();
				throw new Error('aborted');
			}
			if (next instanceof Error) throw next;
			return next as T;
		},
	};
	return { dropbox, calls, signal: controller.signal };
}

function feed(overrides: Partial<MemberFeed> = {}) {
	let cursor = 0;
	const failures: Array<[string, number, number]> = [];
	const passes: number[] = [];
	const member: MemberFeed = {
		cursor: () => `cursor-${cursor}`,
		pass: async () => {
			passes.push(cursor);
			cursor++;
		},
		failed: (error, streak, retryInMs) => failures.push([(error as Error).message, streak, retryInMs]),
		...overrides,
	};
	return { member, failures, passes };
}

describe('followMember', () => {
	it('long-polls on the cursor with the shortest timeout; a pass only when Dropbox says something changed', async () => {
		const { dropbox, calls, signal } = scripted([{ changes: false }, { changes: true }, { changes: false }]);
		const { member, passes } = feed();
		await followMember(member, { dropbox, signal, slots: new Slots(1) });
		expect(calls.slice(0, 3)).toEqual([
			{ route: 'files/list_folder/longpoll', arg: { cursor: 'cursor-0', timeout: LONGPOLL_TIMEOUT_S } },
			{ route: 'files/list_folder/longpoll', arg: { cursor: 'cursor-0', timeout: LONGPOLL_TIMEOUT_S } },
			{ route: 'files/list_folder/longpoll', arg: { cursor: 'cursor-1', timeout: LONGPOLL_TIMEOUT_S } },
		]);
		expect(passes).toEqual([0]);
		expect(sleepCalls()).toEqual([]);
	});

	it('a pass that leaves the member without a cursor (dropped: removed from the team) ends the loop', async () => {
		const { dropbox, calls, signal } = scripted([{ changes: true }, { changes: false }]);
		let dropped = false;
		const { member, passes } = feed({
			cursor: () => (dropped ? undefined : 'cursor-0'),
			pass: async () => {
				passes.push(0);
				dropped = true;
			},
		});
		await followMember(member, { dropbox, signal, slots: new Slots(1) });
		expect(passes).toEqual([0]);
		expect(calls).toHaveLength(1);
		expect(signal.aborted).toBe(false);
	});

	it("waits Dropbox's backoff before the next long-poll, after a change and after a quiet answer", async () => {
		const { dropbox, signal } = scripted([{ changes: true, backoff: 7 }, { changes: false, backoff: 3 }]);
		const { member, passes } = feed();
		await followMember(member, { dropbox, signal, slots: new Slots(1) });
		expect(passes).toEqual([0]);
		expect(sleepCalls()).toEqual([7_000, 3_000]);
	});

	it('changes announced but the cursor never moves: growing waits, not a busy loop', async () => {
		const { dropbox, signal } = scripted(Array.from({ length: 9 }, () => ({ changes: true })));
		const { member } = feed({ cursor: () => 'stuck', pass: async () => undefined });
		await followMember(member, { dropbox, signal, slots: new Slots(1) });
		expect(sleepCalls()).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
	});

	it('failures: reported with their streak, retried after growing waits, the streak ends with a success', async () => {
		const boom = new Error('Dropbox is down');
		const { dropbox, signal } = scripted([boom, boom, boom, { changes: false }, boom]);
		const { member, failures } = feed();
		await followMember(member, { dropbox, signal, slots: new Slots(1) });
		expect(failures).toEqual([
			['Dropbox is down', 1, retryWaitMs(1)],
			['Dropbox is down', 2, retryWaitMs(2)],
			['Dropbox is down', 3, retryWaitMs(3)],
			['Dropbox is down', 1, retryWaitMs(1)],
		]);
		expect(sleepCalls()).toEqual([retryWaitMs(1), retryWaitMs(2), retryWaitMs(3), retryWaitMs(1)]);
		expect([retryWaitMs(1), retryWaitMs(2), retryWaitMs(10)]).toEqual([5_000, 10_000, 300_000]);
	});

	it('a member without a cursor gets a pass first (which takes one)', async () => {
		let cursor: string | undefined;
		const { dropbox, calls, signal } = scripted([{ changes: false }]);
		const { member, passes } = feed({
			cursor: () => cursor,
			pass: async () => {
				passes.push(-1);
				cursor = 'new';
			},
		});
		await followMember(member, { dropbox, signal, slots: new Slots(1) });
		expect(passes).toEqual([-1]);
		expect(calls[0].arg).toEqual({ cursor: 'new', timeout: LONGPOLL_TIMEOUT_S });
	});
});

describe('Slots', () => {
	it('holds at most its size; the next waiter gets a freed slot, first come first served', async () => {
		const slots = new Slots(2);
		const signal = new AbortController().signal;
		const first = await slots.acquire(signal);
		await slots.acquire(signal);
		const order: string[] = [];
		const third = slots.acquire(signal).then((release) => {
			order.push('third');
			return release;
		});
		const fourth = slots.acquire(signal).then(() => order.push('fourth'));
		await Promise.resolve();
		expect(order).toEqual([]);
		first();
		first(); // twice is once
		(await third)();
		await fourth;
		expect(order).toEqual(['third', 'fourth']);
	});

	it('an abort lets every waiter go, holding nothing', async () => {
		const slots = new Slots(1);
		const controller = new AbortController();
		await slots.acquire(controller.signal);
		const waiting = slots.acquire(controller.signal);
		controller.abort();
		const release = await waiting;
		release();
		// The held slot is still held: a new holder waits.
		let got = false;
		void slots.acquire(new AbortController().signal).then(() => (got = true));
		await Promise.resolve();
		expect(got).toBe(false);
	});
});
