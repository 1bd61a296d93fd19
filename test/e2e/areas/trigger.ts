// The triggers in a real n8n. Dropbox Suite Trigger: activated through the public API (create → a baseline
// cursor), the stand-in delivering signed webhook notifications to its production URL, the URL check, one
// execution per change (made through the API or by the action node in n8n), forged, duplicate and concurrent
// notifications, and the stored cursor carrying over an n8n restart. The polling trigger: its baseline at activation
// and, across the same restart, the poll n8n makes at start-up reporting what changed while it was down (n8n's
// poll times are a minute apart at best, so no scheduled poll is waited for).
import { sleep } from 'n8n-workflow';

import { fetchTemporaryLink, rpcByApi, startServer, stopServer, uploadByApi } from '../support.cjs';
import { output, requestsTo, runInEditor } from '../context';
import type { E2eArea, E2eContext, Execution } from '../context';
import { manualWorkflow, pollingWorkflow, triggerWorkflow, webhookIdOf } from '../workflows';

const WATCHED = '/E2E Inbox';
const POLLED = '/E2E Polled';
const INBOX_EXAMPLE = 'DbxExampleInbox1';
const POLLING = 'E2eTrigPoll';
const MOVES = '/E2E Moves';
/** No Dropbox call from n8n for this long after the last delivery: n8n has done what the notifications asked. */
const QUIET_MS = 300;
/** Retries of a failed delivery (Dropbox retries for about ten minutes; short here): 50, 100, 200, 400 ms apart. */
const RETRIES = 4;

const watch = triggerWorkflow('E2eTrigWatch', 'e2e trigger: webhooks for a folder', {
	path: WATCHED,
	recursive: true,
	events: ['fileAdded', 'fileModified'],
	options: {},
});

/**
 * Every event but Folder Deleted (with it, a deleted path whose name the extension filter drops is still looked up:
 * the name does not say whether it was a folder), .txt and .pdf files only, with download links: moves, a filtered
 * deletion and a link that fails.
 */
const watchMoves = triggerWorkflow('E2eTrigMoves', 'e2e trigger: moves and filters', {
	path: MOVES,
	recursive: true,
	events: ['fileAdded', 'fileModified', 'fileDeleted', 'fileMoved', 'folderAdded', 'folderMoved'],
	options: { extensions: 'txt, pdf', includeLink: true },
});

const workflows = [
	watch,
	watchMoves,
	manualWorkflow('E2eTrigUpload', 'e2e trigger: upload into the watched folder', [
		{
			name: 'Upload',
			parameters: { resource: 'file', operation: 'upload', path: `${WATCHED}/from the action node.txt`, source: 'text', text: 'uploaded by a Dropbox Suite node', options: {} },
		},
	]),
	pollingWorkflow(POLLING, 'e2e trigger: polling a folder', {
		path: POLLED,
		recursive: true,
		events: ['fileAdded', 'fileModified'],
		options: {},
		// Once a year: only the polls n8n makes when it activates the workflow run during the suite.
		pollTimes: { item: [{ mode: 'custom', cronExpression: '0 0 1 1 *' }] },
	}),
];

export const triggerArea: E2eArea = { workflows, register };

function register(ctx: E2eContext) {
	const home = () => ctx.standIn.store.personal().home_namespace_id;
	const hooks = () => ctx.standIn.webhooks;
	const target = () => ({ port: ctx.standIn.port, caPem: String(ctx.n8n.caPem) });
	const productionUrl = (workflow: { nodes: Array<{ webhookId?: string }> }) => `${ctx.n8n.url}/webhook/${webhookIdOf(workflow)}/dropbox`;
	const deliverTo = (workflow: { nodes: Array<{ webhookId?: string }> }) =>
		hooks().configure({ url: productionUrl(workflow), delayMs: 50, retries: RETRIES, backoffMs: 50 });

	/** Stored file fields as list_folder shows them. */
	const listed = (path: string) => {
		const entry = ctx.standIn.store.lookup(home(), path);
		if (!entry || entry.tag !== 'file') throw new Error(`no file at ${path}`);
		return {
			'.tag': 'file',
			name: entry.name,
			path_lower: entry.path_lower,
			path_display: entry.path_display,
			id: entry.id,
			client_modified: entry.client_modified,
			server_modified: entry.server_modified,
			rev: entry.rev,
			size: entry.size,
			is_downloadable: true,
			content_hash: entry.content_hash,
		};
	};

	/** Waits until `ready()` holds, checking every 50 ms, for up to `timeoutMs`. */
	async function until(ready: () => boolean, timeoutMs: number, what: string) {
		const deadline = Date.now() + timeoutMs;
		while (!ready()) {
			if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
			await sleep(50);
		}
	}

	/**
	 * Makes a change (or sends a notification), then waits until n8n has done what it was told: every delivery is
	 * answered (or given up), each accepted one has been followed by a read of the change feed, and n8n has made no
	 * Dropbox call for QUIET_MS. Returns the executions of `workflowId` that started meanwhile, finished, oldest first.
	 */
	async function executionsAfter(workflowId: string, make: () => Promise<unknown>): Promise<Execution[]> {
		const before = await ctx.n8n.latestExecutionId(workflowId);
		hooks().clearDeliveries();
		const mark = ctx.standIn.requests.length;
		await make();
		await hooks().idle();
		const accepted = hooks().deliveries.filter((delivery) => delivery.ok && !delivery.forged);
		// Notifications that arrive together share one read (a pass queued while another runs serves all of them):
		// every accepted one is followed by a read of the change feed that started after it was sent.
		const feedReads = () =>
			ctx.standIn.requests.slice(mark).filter((request) => request.route === 'files/list_folder/continue' && request.status !== null);
		const covered = () => accepted.every((delivery) => feedReads().some((read) => read.at >= delivery.at));
		await until(covered, 10_000, `a read of the change feed after each of ${accepted.length} notifications`);
		let seen = ctx.standIn.requests.length;
		let quietSince = Date.now();
		await until(
			() => {
				if (ctx.standIn.requests.length !== seen || ctx.standIn.requests.some((request) => request.status === null)) {
					seen = ctx.standIn.requests.length;
					quietSince = Date.now();
				}
				return Date.now() - quietSince >= QUIET_MS;
			},
			15_000,
			'n8n to finish its Dropbox calls',
		);
		const started = ((await ctx.n8n.executions(workflowId, { limit: 20, includeData: false })) as Execution[])
			.filter((execution) => Number(execution.id) > before)
			.sort((a, b) => Number(a.id) - Number(b.id));
		return await Promise.all(started.map(async (execution) => (await ctx.n8n.waitForExecutionId(execution.id)) as Execution));
	}

	const changesOf = (execution: Execution) => output(execution, 'Dropbox Trigger');
	const account = () => ctx.standIn.store.personal().account_id;

	describe('Dropbox Suite Trigger (webhooks delivered by the stand-in) and Polling Trigger', () => {
		test('activation through the public API takes a baseline cursor; the challenge is echoed', async () => {
			ctx.standIn.store.ensureFolder(home(), WATCHED);
			ctx.standIn.store.ensureFolder(home(), POLLED);
			ctx.standIn.clearRequests();
			const baselines = () => requestsTo(ctx, 'files/list_folder/get_latest_cursor').filter((request) => request.status === 200);
			// n8n answers the activation first and registers the trigger (create → baseline) right after.
			await ctx.n8n.activate(watch.id);
			await until(() => baselines().length === 1, 10_000, 'the webhook trigger\'s baseline');
			expect(baselines()[0].arg).toMatchObject({ path: WATCHED, recursive: true, include_deleted: true });
			await ctx.n8n.activate(POLLING);
			await until(() => baselines().length === 2, 10_000, 'the polling trigger\'s baseline');
			expect(baselines()[1].arg).toMatchObject({ path: POLLED, recursive: true });

			deliverTo(watch);
			const check = await hooks().verify();
			expect(check.problems).toEqual([]);
			expect(check).toMatchObject({ ok: true, status: 200, contentTypeOptions: 'nosniff' });
			expect(check.body).toBe(check.challenge);
			expect(check.contentType).toMatch(/^text\/plain/);
		});

		test('a file uploaded through the Dropbox API starts exactly one execution carrying it', async () => {
			const token = ctx.standIn.issueTokens().access_token;
			ctx.standIn.clearRequests();
			const runs = await executionsAfter(watch.id, async () => await uploadByApi(target(), token, `${WATCHED}/by the api.txt`, 'hello from a Dropbox client'));
			expect(runs).toHaveLength(1);
			expect(runs[0]).toMatchObject({ status: 'success', mode: 'webhook' });
			const file = listed(`${WATCHED}/by the api.txt`);
			expect(changesOf(runs[0])).toEqual([
				{ event: 'fileAdded', path: file.path_display, name: file.name, id: file.id, metadata: file, accountId: account(), key: expect.stringMatching(/^file(Added|Modified):id:/) },
			]);
			const deliveries = hooks().deliveries;
			expect(deliveries.map((delivery) => [delivery.status, delivery.forged])).toEqual([[200, false]]);
			expect(JSON.parse(deliveries[0].body)).toEqual({ list_folder: { accounts: [account()] }, delta: { users: [expect.any(Number)] } });
			// What the trigger asked Dropbox: the changes since its cursor, and the file's history (added or modified?).
			const routes = ctx.standIn.requests.filter((request) => request.host === 'api.dropboxapi.com').map((request) => request.route);
			expect(routes).toEqual(['files/list_folder/continue', 'files/list_revisions']);
		});

		test('a file uploaded by the Dropbox Suite node in n8n starts exactly one execution carrying it', async () => {
			let upload: Execution | undefined;
			const runs = await executionsAfter(watch.id, async () => {
				upload = await runInEditor(ctx, 'E2eTrigUpload');
			});
			expect(upload?.status).toBe('success');
			expect(runs).toHaveLength(1);
			const file = listed(`${WATCHED}/from the action node.txt`);
			expect(output(upload as Execution, 'Upload')[0]).toMatchObject({ id: file.id, content_hash: file.content_hash });
			expect(changesOf(runs[0])).toEqual([
				{ event: 'fileAdded', path: file.path_display, name: file.name, id: file.id, metadata: file, accountId: account(), key: expect.stringMatching(/^file(Added|Modified):id:/) },
			]);
		});

		test('a change outside the watched folder: the notification is answered, nothing runs, one Dropbox call', async () => {
			ctx.standIn.clearRequests();
			const runs = await executionsAfter(watch.id, async () => ctx.standIn.store.putFile(home(), '/Elsewhere/not watched.txt', Buffer.from('x')));
			expect(runs).toHaveLength(0);
			expect(hooks().deliveries.map((delivery) => delivery.status)).toEqual([200]);
			expect(ctx.standIn.requests.map((request) => request.route)).toEqual(['files/list_folder/continue']);
		});

		test('a forged notification starts nothing; the change comes with the next genuine one', async () => {
			ctx.standIn.clearRequests();
			const forged = await executionsAfter(watch.id, async () => {
				hooks().forgeNext();
				ctx.standIn.store.putFile(home(), `${WATCHED}/after a forgery.txt`, Buffer.from('signed?'));
			});
			expect(forged).toHaveLength(0);
			const attempts = hooks().deliveries;
			expect(attempts.length).toBe(1 + RETRIES); // the first try and the retries, all refused
			expect(attempts.every((delivery) => delivery.forged && delivery.status === 403)).toBe(true);
			expect(ctx.standIn.requests).toHaveLength(0); // n8n did not read the feed for it

			const genuine = await executionsAfter(watch.id, async () => await hooks().notify());
			expect(genuine).toHaveLength(1);
			expect(changesOf(genuine[0]).map((change) => [change.event, change.path])).toEqual([['fileAdded', `${WATCHED}/after a forgery.txt`]]);
		});

		test('the same notification three times in a row: one execution', async () => {
			const runs = await executionsAfter(watch.id, async () => {
				hooks().sendDuplicates(3);
				ctx.standIn.store.putFile(home(), `${WATCHED}/duplicated.txt`, Buffer.from('dup'));
			});
			expect(hooks().deliveries.map((delivery) => [delivery.copy, delivery.status])).toEqual([
				[1, 200],
				[2, 200],
				[3, 200],
			]);
			expect(runs).toHaveLength(1);
			expect(changesOf(runs[0]).map((change) => [change.event, change.path])).toEqual([['fileAdded', `${WATCHED}/duplicated.txt`]]);
		});

		test('the same notification four times at once: one execution, the file once', async () => {
			const runs = await executionsAfter(watch.id, async () => {
				hooks().sendConcurrent(4);
				ctx.standIn.store.putFile(home(), `${WATCHED}/concurrent.txt`, Buffer.from('conc'));
			});
			expect(hooks().deliveries.map((delivery) => delivery.status)).toEqual([200, 200, 200, 200]);
			expect(runs).toHaveLength(1);
			expect(changesOf(runs[0]).map((change) => [change.event, change.path])).toEqual([['fileAdded', `${WATCHED}/concurrent.txt`]]);
		});

		test('a file changed again: fileModified', async () => {
			const runs = await executionsAfter(watch.id, async () => ctx.standIn.store.putFile(home(), `${WATCHED}/concurrent.txt`, Buffer.from('changed')));
			expect(runs).toHaveLength(1);
			const file = listed(`${WATCHED}/concurrent.txt`);
			expect(changesOf(runs[0])).toEqual([{ event: 'fileModified', path: file.path_display, name: file.name, id: file.id, metadata: file, accountId: account(), key: expect.stringMatching(/^file(Added|Modified):id:/) }]);
		});

		test('n8n restarted on the same user folder: both triggers\' stored cursors carry over', async () => {
			const polledBefore = await ctx.n8n.latestExecutionId(POLLING);
			const [lastHandedOver] = (await ctx.n8n.executions(watch.id, { limit: 1 })) as Execution[];
			await stopServer(ctx.n8n);
			try {
				hooks().clearDeliveries();
				// Changes while n8n is down: Dropbox tries to deliver the notification, and gives up.
				ctx.standIn.store.putFile(home(), `${WATCHED}/while n8n was down.txt`, Buffer.from('down'));
				ctx.standIn.store.putFile(home(), `${POLLED}/while n8n was down.txt`, Buffer.from('down'));
				await hooks().idle();
				const failed = hooks().deliveries;
				expect(failed.length).toBe(1 + RETRIES);
				expect(failed.every((delivery) => delivery.status === null && /ECONNREFUSED/.test(String(delivery.error)))).toBe(true);
				ctx.standIn.clearRequests();
			} finally {
				await startServer(ctx.n8n);
			}

			// Reactivated from the database: the webhook trigger's checkExists finds its stored cursor (no new
			// baseline), and the polling trigger's start-up poll reads on from its stored cursor.
			const polled = await ctx.n8n.waitForExecution(POLLING, polledBefore, 15_000);
			expect(output(polled as Execution, 'Dropbox Polling Trigger').map((change) => [change.event, change.path])).toEqual([
				['fileAdded', `${POLLED}/while n8n was down.txt`],
			]);
			expect(requestsTo(ctx, 'files/list_folder/get_latest_cursor')).toHaveLength(0);

			// The next notification (Dropbox's retry, or a later change) brings the webhook trigger what it missed. The
			// new process cannot know whether the last hand-over before the restart ran (n8n saves the cursor before it
			// runs the workflow), so that change comes again first, with the key it had.
			const runs = await executionsAfter(watch.id, async () => await hooks().notify());
			expect(runs).toHaveLength(1);
			const [repeat] = changesOf(lastHandedOver);
			expect(changesOf(runs[0]).map((change) => [change.event, change.path, change.key === repeat.key])).toEqual([
				[repeat.event, repeat.path, true],
				['fileAdded', `${WATCHED}/while n8n was down.txt`, false],
			]);

			// And the feed goes on from there: the next change alone.
			const next = await executionsAfter(watch.id, async () => ctx.standIn.store.putFile(home(), `${WATCHED}/after the restart.txt`, Buffer.from('up')));
			expect(next).toHaveLength(1);
			expect(changesOf(next[0]).map((change) => change.path)).toEqual([`${WATCHED}/after the restart.txt`]);
			expect((await ctx.n8n.executions(POLLING, { limit: 5, includeData: false })).filter((execution: { id: string }) => Number(execution.id) > polledBefore)).toHaveLength(1);
		});

		test('moves, a filtered deletion and a temporary link that cannot be made', async () => {
			const token = ctx.standIn.issueTokens().access_token;
			const api = async (route: string, arg: unknown) => await rpcByApi(target(), token, route, arg);
			ctx.standIn.store.ensureFolder(home(), `${MOVES}/Projects/Alpha`);
			ctx.standIn.store.putFile(home(), `${MOVES}/Projects/Alpha/plan.txt`, Buffer.from('plan'));
			ctx.standIn.store.putFile(home(), `${MOVES}/draft.txt`, Buffer.from('draft'));
			ctx.standIn.store.putFile(home(), `${MOVES}/debug.log`, Buffer.from('log'));
			await ctx.n8n.activate(watchMoves.id);
			try {
				await until(() => requestsTo(ctx, 'files/list_folder/get_latest_cursor').some((request) => request.arg && (request.arg as { path?: string }).path === MOVES), 10_000, 'the baseline');
				deliverTo(watchMoves);

				// A rename: one fileMoved with the old path, and no history look-up for added vs modified.
				ctx.standIn.clearRequests();
				const renamed = await executionsAfter(watchMoves.id, async () => await api('files/move_v2', { from_path: `${MOVES}/draft.txt`, to_path: `${MOVES}/final.txt` }));
				expect(renamed).toHaveLength(1);
				expect(changesOf(renamed[0]).map((change) => [change.event, change.path, change.previousPath])).toEqual([['fileMoved', `${MOVES}/final.txt`, `${MOVES}/draft.txt`]]);

				// A folder moved: folderMoved for it and its subfolder, fileMoved for the file in it; nothing added or deleted.
				const moved = await executionsAfter(watchMoves.id, async () => await api('files/move_v2', { from_path: `${MOVES}/Projects`, to_path: `${MOVES}/Archive 2026` }));
				expect(moved).toHaveLength(1);
				expect(changesOf(moved[0]).map((change) => [change.event, change.path, change.previousPath]).sort()).toEqual(
					[
						['fileMoved', `${MOVES}/Archive 2026/Alpha/plan.txt`, `${MOVES}/Projects/Alpha/plan.txt`],
						['folderMoved', `${MOVES}/Archive 2026`, `${MOVES}/Projects`],
						['folderMoved', `${MOVES}/Archive 2026/Alpha`, `${MOVES}/Projects/Alpha`],
					].sort(),
				);

				// A deletion the extension filter drops: no execution, one Dropbox call.
				ctx.standIn.clearRequests();
				const filtered = await executionsAfter(watchMoves.id, async () => await api('files/delete_v2', { path: `${MOVES}/debug.log` }));
				expect(filtered).toHaveLength(0);
				expect(ctx.standIn.requests.filter((request) => request.host === 'api.dropboxapi.com' && request.route !== 'files/delete_v2').map((request) => request.route)).toEqual(['files/list_folder/continue']);

				// Two new files, one whose link Dropbox will not make: both reported, that one without a link, with a warning.
				const linked = await executionsAfter(watchMoves.id, async () => {
					const broken = ctx.standIn.store.putFile(home(), `${MOVES}/vanishing.pdf`, Buffer.from('%PDF'));
					ctx.standIn.injectFault({ route: 'files/get_temporary_link', kind: 'route_error', match: { path: broken.id }, error: { '.tag': 'path', path: { '.tag': 'not_found' } } });
					ctx.standIn.store.putFile(home(), `${MOVES}/kept.txt`, Buffer.from('kept'));
				});
				ctx.standIn.clearFaults();
				expect(linked).toHaveLength(1);
				expect(linked[0].status).toBe('success');
				const byName = Object.fromEntries(changesOf(linked[0]).map((change) => [change.name, change]));
				expect(Object.keys(byName).sort()).toEqual(['kept.txt', 'vanishing.pdf']);
				expect(byName['kept.txt'].link).toEqual(expect.stringMatching(/^https:\/\/content\.dropboxapi\.com\//));
				expect(byName['vanishing.pdf'].link).toBeUndefined();
				expect(byName['vanishing.pdf'].warning).toMatch(/^No temporary link \(Dropbox: path\/not_found/);
			} finally {
				hooks().disable();
				await ctx.n8n.deactivate(watchMoves.id);
			}
		});

		test('the example "react to new files in /Inbox": a summary with a download link', async () => {
			const example = await ctx.n8n.api('GET', `/workflows/${INBOX_EXAMPLE}`);
			ctx.standIn.clearRequests();
			await ctx.n8n.activate(INBOX_EXAMPLE);
			try {
				await until(() => requestsTo(ctx, 'files/list_folder/get_latest_cursor').some((request) => request.status === 200), 10_000, 'the baseline');
				deliverTo(example);
				expect((await hooks().verify()).ok).toBe(true);
				const runs = await executionsAfter(INBOX_EXAMPLE, async () => ctx.standIn.store.putFile(home(), '/Inbox/Rechnung 2026-11.pdf', Buffer.from('%PDF-1.4 …')));
				expect(runs).toHaveLength(1);
				expect(runs[0].status).toBe('success');
				const file = listed('/Inbox/Rechnung 2026-11.pdf');
				const [summary] = output(runs[0], 'Summary');
				expect(summary).toEqual({
					file: file.name,
					path: file.path_display,
					sizeBytes: file.size,
					addedAt: file.server_modified,
					downloadLink: expect.stringMatching(/^https:\/\/content\.dropboxapi\.com\/cd\/0\/get\/.+\/file$/),
				});
				const served = await fetchTemporaryLink(target(), String(summary.downloadLink));
				expect(served.body.toString('utf8')).toBe('%PDF-1.4 …');
			} finally {
				hooks().disable();
				await ctx.n8n.deactivate(INBOX_EXAMPLE);
			}
		});
	});
}
