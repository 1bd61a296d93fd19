// The change feed's pure parts and its use of Dropbox (with a scripted client): path patterns, the webhook
// signature and the accounts a notification names, draining cursors, and classifying entries into events.
import { createHmac } from 'crypto';
import type { IDataObject, INode } from 'n8n-workflow';

import type { Entry, FeedFilter, FeedScope } from '../../nodes/shared/changes';
import { describeChanges, drain, globToRegExp, startCursor } from '../../nodes/shared/changes';
import { dropboxApiError } from '../../nodes/shared/errors';
import { isSignedByDropbox, namedInNotification } from '../../nodes/DropboxSuiteTrigger/signature';

const node = { id: '1', name: 'Dropbox Suite Trigger', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as INode;

describe('globToRegExp', () => {
	const matches = (glob: string, path: string) => globToRegExp(glob).test(path);

	it.each([
		['*.pdf', 'invoice.pdf', true],
		['*.pdf', 'INVOICE.PDF', true],
		['*.pdf', 'invoice.pdf.txt', false],
		['*.pdf', 'sub/invoice.pdf', false],
		['**/*.pdf', 'invoice.pdf', true],
		['**/*.pdf', 'a/b/c/invoice.pdf', true],
		['**/*.pdf', 'a/b/c/invoice.txt', false],
		['Invoices/**', 'Invoices/2024/march.pdf', true],
		['Invoices/**', 'invoices/x', true],
		['Invoices/**', 'Archive/Invoices/x', false],
		['Invoices/*.pdf', 'Invoices/march.pdf', true],
		['Invoices/*.pdf', 'Invoices/2024/march.pdf', false],
		['Invoices/**/*.pdf', 'Invoices/march.pdf', true],
		['Invoices/**/*.pdf', 'Invoices/2024/q1/march.pdf', true],
		['report-????.csv', 'report-2024.csv', true],
		['report-????.csv', 'report-24.csv', false],
		['?.txt', '/.txt', false],
		['**', 'anything/at/all', true],
	])('%s against %s: %s', (glob, path, expected) => {
		expect(matches(glob, path)).toBe(expected);
	});

	it('takes every other character literally', () => {
		expect(matches('a+b (1).txt', 'a+b (1).txt')).toBe(true);
		expect(matches('a+b (1).txt', 'aab (1).txt')).toBe(false);
		expect(matches('[draft].md', '[draft].md')).toBe(true);
		expect(matches('[draft].md', 'd.md')).toBe(false);
		expect(matches('^$.{1}|x\\y', '^$.{1}|x\\y')).toBe(true);
		expect(matches('file.txt', 'fileXtxt')).toBe(false);
	});

	it('anchors the whole path', () => {
		expect(matches('b.txt', 'ab.txt')).toBe(false);
		expect(matches('b.txt', 'b.txt.bak')).toBe(false);
	});

	// "Clients/**/invoice.pdf" must not match "Clients/old-invoice.pdf".
	it('"**/" stands for whole folders only', () => {
		expect(matches('Clients/**/invoice.pdf', 'Clients/old-invoice.pdf')).toBe(false);
		expect(matches('**/b.txt', 'ab.txt')).toBe(false);
	});
});

describe('isSignedByDropbox', () => {
	const secret = 'app-secret-123';
	const body = Buffer.from('{"list_folder": {"accounts": ["dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc"]}, "delta": {"users": [12345678]}}');
	const signature = createHmac('sha256', secret).update(body).digest('hex');

	it('accepts the hex HMAC-SHA256 of the raw body keyed with the app secret', () => {
		expect(isSignedByDropbox(body, signature, secret)).toBe(true);
		expect(isSignedByDropbox(body, signature.toUpperCase(), secret)).toBe(true);
	});

	it('verifies the bytes as received, not a re-serialization', () => {
		const reformatted = Buffer.from(JSON.stringify(JSON.parse(body.toString())));
		expect(isSignedByDropbox(reformatted, signature, secret)).toBe(false);
	});

	it('accepts an empty body signed correctly', () => {
		const empty = Buffer.alloc(0);
		expect(isSignedByDropbox(empty, createHmac('sha256', secret).update(empty).digest('hex'), secret)).toBe(true);
	});

	it.each([
		['missing', undefined],
		['null', null],
		['a number', 12345],
		['an array', [signature]],
		['empty', ''],
		['too short', signature.slice(0, 63)],
		['too long', `${signature}0`],
		['not hex', `${signature.slice(0, 62)}zz`],
		['with spaces', ` ${signature.slice(1)}`],
		['base64 instead of hex', createHmac('sha256', secret).update(body).digest('base64')],
		['of another body', createHmac('sha256', secret).update(Buffer.concat([body, Buffer.from(' ')])).digest('hex')],
		['made with another secret', createHmac('sha256', 'other-secret').update(body).digest('hex')],
		['a SHA-256 without the key', createHmac('sha256', '').update(body).digest('hex')],
	])('rejects a signature that is %s', (_, bad) => {
		expect(isSignedByDropbox(body, bad, secret)).toBe(false);
	});

	it('rejects everything when no app secret is set', () => {
		const unkeyed = createHmac('sha256', '').update(body).digest('hex');
		expect(isSignedByDropbox(body, unkeyed, '')).toBe(false);
	});
});

describe('namedInNotification', () => {
	it('reads the accounts of a user app notification', () => {
		expect(namedInNotification({ list_folder: { accounts: ['dbid:a', 'dbid:b'] }, delta: { users: [1, 2] } })).toEqual({
			accounts: ['dbid:a', 'dbid:b'],
			members: [],
		});
	});

	it('reads the members of the given team only', () => {
		const body = { list_folder: { teams: { 'dbtid:t1': ['dbmid:m1', 'dbmid:m2'], 'dbtid:t2': ['dbmid:m3'] } }, delta: { teams: {} } };
		expect(namedInNotification(body, 'dbtid:t1')).toEqual({ accounts: [], members: ['dbmid:m1', 'dbmid:m2'] });
		expect(namedInNotification(body, 'dbtid:t2')).toEqual({ accounts: [], members: ['dbmid:m3'] });
		expect(namedInNotification(body)).toEqual({ accounts: [], members: [] });
	});

	it.each([
		['null', null],
		['undefined', undefined],
		['a string', 'list_folder'],
		['a number', 42],
		['an array', [{ list_folder: { accounts: ['dbid:a'] } }]],
		['an empty object', {}],
		['only delta (the old API)', { delta: { users: [1] } }],
		['list_folder null', { list_folder: null }],
		['accounts not a list', { list_folder: { accounts: 'dbid:a' } }],
		['teams with no lists', { list_folder: { teams: { 'dbtid:t': 'dbmid:m' } } }],
	])('names nobody in %s', (_, body) => {
		expect(namedInNotification(body)).toEqual({ accounts: [], members: [] });
	});
});

// ---- the feed against a scripted Dropbox ----------------------------------------------------------------------

type Answer = IDataObject | Error | ((arg: IDataObject) => IDataObject | Error);

/** rpc() answering from a script per route (first answer first), recording every call. */
function scripted(script: Record<string, Answer[]>) {
	const calls: Array<{ route: string; arg: IDataObject }> = [];
	return {
		calls,
		routes: () => calls.map((call) => call.route),
		rpc: async <T>(route: string, arg?: unknown): Promise<T> => {
			calls.push({ route, arg: arg as IDataObject });
			const answers = script[route];
			if (!answers?.length) throw new Error(`unexpected call ${route} ${JSON.stringify(arg)}`);
			const next = answers.length > 1 ? answers.shift() : answers[0];
			const answer = typeof next === 'function' ? next(arg as IDataObject) : next;
			if (answer instanceof Error) throw answer;
			return answer as T;
		},
	};
}

/** A route error as the client throws it (a NodeApiError with the union in context.dropboxError). */
const routeError = (route: string, union: IDataObject) =>
	dropboxApiError(node, route, {}, { status: 409, headers: {}, body: { error_summary: `${String(union['.tag'])}/..`, error: union } });

const scope: FeedScope = { path: '/Invoices', recursive: true, includeNonDownloadable: false };
const allEvents: FeedFilter = { events: ['fileAdded', 'fileModified', 'fileDeleted', 'fileMoved', 'folderAdded', 'folderDeleted', 'folderMoved'], extensions: [], includeLink: false, reportMoves: true };

const file = (path: string, id = `id:${path}`): Entry => ({ '.tag': 'file', name: path.slice(path.lastIndexOf('/') + 1), path_lower: path.toLowerCase(), path_display: path, id });
const folder = (path: string): Entry => ({ '.tag': 'folder', name: path.slice(path.lastIndexOf('/') + 1), path_lower: path.toLowerCase(), path_display: path, id: `id:${path}` });
const deleted = (path: string): Entry => ({ '.tag': 'deleted', name: path.slice(path.lastIndexOf('/') + 1), path_lower: path.toLowerCase(), path_display: path });

describe('startCursor', () => {
	it('asks for the latest cursor of the scope, with deletions and mounted folders', async () => {
		const dropbox = scripted({ 'files/list_folder/get_latest_cursor': [{ cursor: 'c0' }] });
		expect(await startCursor(dropbox, scope)).toBe('c0');
		expect(dropbox.calls).toEqual([
			{
				route: 'files/list_folder/get_latest_cursor',
				arg: { path: '/Invoices', recursive: true, include_deleted: true, include_mounted_folders: true, include_non_downloadable_files: false },
			},
		]);
	});
});

describe('drain', () => {
	it('follows has_more to the end and returns the last cursor', async () => {
		const dropbox = scripted({
			'files/list_folder/continue': [
				{ entries: [file('/Invoices/1.pdf')], cursor: 'c1', has_more: true },
				{ entries: [], cursor: 'c2', has_more: true },
				{ entries: [file('/Invoices/2.pdf'), file('/Invoices/3.pdf')], cursor: 'c3', has_more: false },
			],
		});
		const drained = await drain(dropbox, 'c0', scope);
		expect(drained).toEqual({ reset: false, entries: [file('/Invoices/1.pdf'), file('/Invoices/2.pdf'), file('/Invoices/3.pdf')], cursor: 'c3' });
		expect(dropbox.calls.map((call) => call.arg.cursor)).toEqual(['c0', 'c1', 'c2']);
	});

	it('one call when nothing changed', async () => {
		const dropbox = scripted({ 'files/list_folder/continue': [{ entries: [], cursor: 'c1', has_more: false }] });
		expect(await drain(dropbox, 'c0', scope)).toEqual({ reset: false, entries: [], cursor: 'c1' });
		expect(dropbox.routes()).toEqual(['files/list_folder/continue']);
	});

	it('a reset (even on a later page) starts a new baseline and drops what was read', async () => {
		const dropbox = scripted({
			'files/list_folder/continue': [
				{ entries: [file('/Invoices/1.pdf')], cursor: 'c1', has_more: true },
				routeError('files/list_folder/continue', { '.tag': 'reset' }),
			],
			'files/list_folder/get_latest_cursor': [{ cursor: 'fresh' }],
		});
		expect(await drain(dropbox, 'c0', scope)).toEqual({ reset: true, entries: [], cursor: 'fresh' });
		expect(dropbox.routes()).toEqual(['files/list_folder/continue', 'files/list_folder/continue', 'files/list_folder/get_latest_cursor']);
	});

	it('any other error is passed on unchanged', async () => {
		const notFound = routeError('files/list_folder/continue', { '.tag': 'path', path: { '.tag': 'not_found' } });
		const dropbox = scripted({ 'files/list_folder/continue': [notFound] });
		await expect(drain(dropbox, 'c0', scope)).rejects.toBe(notFound);
		const plain = new Error('socket hang up');
		await expect(drain(scripted({ 'files/list_folder/continue': [plain] }), 'c0', scope)).rejects.toBe(plain);
	});
});

describe('describeChanges', () => {
	/** list_revisions: the given number of revisions per file id; deleted paths with file history; folders not_file. */
	function history(revisionsById: Record<string, number>, deletedFiles: string[] = []) {
		return (arg: IDataObject) => {
			if (arg.mode === 'id') return { is_deleted: false, entries: Array.from({ length: Math.min(Number(arg.limit), revisionsById[String(arg.path)] ?? 1) }, () => ({})), has_more: false };
			if (deletedFiles.includes(String(arg.path))) return { is_deleted: true, entries: [{}], has_more: false };
			return routeError('files/list_revisions', { '.tag': 'path', path: { '.tag': 'not_file' } });
		};
	}

	it('classifies: one revision added, more modified; deleted files by their history, other deletions folders', async () => {
		const dropbox = scripted({ 'files/list_revisions': [history({ 'id:/Invoices/old.pdf': 3 }, ['/invoices/gone.pdf'])] });
		const entries = [file('/Invoices/new.pdf'), file('/Invoices/old.pdf'), folder('/Invoices/2024'), deleted('/Invoices/gone.pdf'), deleted('/Invoices/Archive')];
		const changes = await describeChanges(dropbox, entries, scope, allEvents);
		expect(changes.map((change) => [change.event, change.path, change.id])).toEqual([
			['fileAdded', '/Invoices/new.pdf', 'id:/Invoices/new.pdf'],
			['fileModified', '/Invoices/old.pdf', 'id:/Invoices/old.pdf'],
			['folderAdded', '/Invoices/2024', 'id:/Invoices/2024'],
			['fileDeleted', '/Invoices/gone.pdf', null],
			['folderDeleted', '/Invoices/Archive', null],
		]);
		expect(changes[0]).toMatchObject({ name: 'new.pdf', metadata: entries[0] });
		expect(dropbox.calls.filter((call) => call.arg.mode === 'id').map((call) => call.arg)).toEqual([
			{ path: 'id:/Invoices/new.pdf', mode: 'id', limit: 2 },
			{ path: 'id:/Invoices/old.pdf', mode: 'id', limit: 2 },
		]);
	});

	it('tells added from modified by the revision listed, also when the file changed again before its history was read', async () => {
		// Each file's revisions now, newest first; the change list showed the revision in `listed`.
		const revisions: Record<string, string[]> = {
			'id:a': ['a2', 'a1'],
			'id:b': ['b3', 'b2', 'b1'],
			'id:c': ['c3', 'c2', 'c1'],
			'id:d': ['d1'],
			'id:e': ['e2', 'e1'],
		};
		const listed: Record<string, string> = { 'id:a': 'a1', 'id:b': 'b2', 'id:c': 'c1', 'id:d': 'd1', 'id:e': 'e2' };
		const dropbox = scripted({
			'files/list_revisions': [
				(arg) => {
					const all = revisions[String(arg.path)];
					return { is_deleted: false, entries: all.slice(0, Number(arg.limit)).map((rev) => ({ rev })), has_more: all.length > Number(arg.limit) };
				},
			],
		});
		const entries = Object.keys(listed).map((id) => ({ ...file(`/Invoices/${id.slice(3)}.txt`, id), rev: listed[id] }));
		const changes = await describeChanges(dropbox, entries, scope, allEvents, 'c0');
		expect(changes.map((change) => [change.path, change.event])).toEqual([
			// Added, then edited before the pass read the history: still the addition, with its own revision's key.
			['/Invoices/a.txt', 'fileAdded'],
			['/Invoices/b.txt', 'fileModified'],
			// Edited twice since: the listed revision is not among the two newest, so the history is read further.
			['/Invoices/c.txt', 'fileAdded'],
			['/Invoices/d.txt', 'fileAdded'],
			['/Invoices/e.txt', 'fileModified'],
		]);
		expect(changes[0].key).toBe('fileAdded:id:a:a1:/invoices/a.txt');
		// One look-up per file (four at a time), and a second one for c only.
		expect(dropbox.calls.map((call) => `${String(call.arg.path)} ${String(call.arg.limit)}`).sort()).toEqual(['id:a 2', 'id:b 2', 'id:c 100', 'id:c 2', 'id:d 2', 'id:e 2']);
	});

	it('reads no history for events nobody asked for', async () => {
		const dropbox = scripted({});
		const entries = [file('/Invoices/a.pdf'), deleted('/Invoices/b.pdf'), folder('/Invoices/F')];
		const changes = await describeChanges(dropbox, entries, scope, { ...allEvents, events: ['folderAdded'] });
		expect(changes.map((change) => change.event)).toEqual(['folderAdded']);
		expect(dropbox.calls).toHaveLength(0);
	});

	it('a failure reading a file\'s history fails the pass', async () => {
		const boom = new Error('network down');
		const dropbox = scripted({ 'files/list_revisions': [boom] });
		await expect(describeChanges(dropbox, [file('/Invoices/a.pdf')], scope, allEvents)).rejects.toBe(boom);
		const deletedBoom = scripted({ 'files/list_revisions': [boom] });
		await expect(describeChanges(deletedBoom, [deleted('/Invoices/a.pdf')], scope, allEvents)).rejects.toBe(boom);
	});

	it('filters by extension (folders pass) and by pattern below the watched folder or on the name', async () => {
		const dropbox = scripted({ 'files/list_revisions': [history({})] });
		const entries = [file('/Invoices/A.PDF'), file('/Invoices/b.txt'), folder('/Invoices/Sub'), file('/Invoices/Sub/c.pdf'), file('/Invoices/noext')];
		const byExtension = await describeChanges(dropbox, entries, scope, { ...allEvents, extensions: ['pdf'] });
		expect(byExtension.map((change) => change.path)).toEqual(['/Invoices/A.PDF', '/Invoices/Sub', '/Invoices/Sub/c.pdf']);
		expect(dropbox.calls).toHaveLength(2);

		const byPattern = await describeChanges(scripted({ 'files/list_revisions': [history({})] }), entries, scope, { ...allEvents, glob: globToRegExp('Sub/*') });
		expect(byPattern.map((change) => change.path)).toEqual(['/Invoices/Sub/c.pdf']);
		const byName = await describeChanges(scripted({ 'files/list_revisions': [history({})] }), entries, scope, { ...allEvents, glob: globToRegExp('*.pdf') });
		expect(byName.map((change) => change.path)).toEqual(['/Invoices/A.PDF', '/Invoices/Sub/c.pdf']);
	});

	it('patterns are relative to the watched folder whatever its case; the whole Dropbox from the root', async () => {
		const entries = [file('/INVOICES/2024/a.pdf')];
		const lowerScope = { ...scope, path: '/invoices' };
		const changes = await describeChanges(scripted({ 'files/list_revisions': [history({})] }), entries, lowerScope, { ...allEvents, glob: globToRegExp('2024/*.pdf') });
		expect(changes).toHaveLength(1);
		const whole = await describeChanges(scripted({ 'files/list_revisions': [history({})] }), entries, { ...scope, path: '' }, { ...allEvents, glob: globToRegExp('invoices/2024/*') });
		expect(whole).toHaveLength(1);
	});

	it('keeps Dropbox\'s order while reading histories four at a time', async () => {
		let inFlight = 0;
		let most = 0;
		const dropbox = {
			rpc: async <T>(_route: string, arg?: unknown): Promise<T> => {
				inFlight++;
				most = Math.max(most, inFlight);
				// Later entries answer sooner.
				const index = Number(String((arg as IDataObject).path).replace(/\D/g, ''));
				for (let i = 0; i < 40 - index; i++) await Promise.resolve();
				inFlight--;
				return { entries: index % 2 ? [{}, {}] : [{}] } as T;
			},
		};
		const entries = Array.from({ length: 40 }, (_, i) => file(`/Invoices/f${i}.pdf`, `id:${i}`));
		const changes = await describeChanges(dropbox, entries, scope, allEvents);
		expect(changes.map((change) => change.name)).toEqual(entries.map((entry) => entry.name));
		expect(changes.map((change) => change.event)).toEqual(entries.map((_, i) => (i % 2 ? 'fileModified' : 'fileAdded')));
		expect(most).toBe(4);
	});

	describe('moves', () => {
		/** list_revisions in path mode: the revisions (newest first) once stored at each path, by file id. */
		const atPath = (byPath: Record<string, string[]>) => (arg: IDataObject) =>
			byPath[String(arg.path)] ? { is_deleted: true, entries: byPath[String(arg.path)].map((id) => ({ id })), has_more: false } : routeError('files/list_revisions', { '.tag': 'path', path: { '.tag': 'not_found' } });

		it('a deleted path whose history names a file listed elsewhere is one fileMoved; nothing read by id', async () => {
			const dropbox = scripted({ 'files/list_revisions': [atPath({ '/invoices/a.pdf': ['id:x'] })] });
			const changes = await describeChanges(dropbox, [deleted('/Invoices/a.pdf'), file('/Invoices/b.pdf', 'id:x')], scope, allEvents);
			expect(changes.map((change) => [change.event, change.path, change.previousPath, change.id])).toEqual([['fileMoved', '/Invoices/b.pdf', '/Invoices/a.pdf', 'id:x']]);
			expect(dropbox.calls.map((call) => call.arg.mode)).toEqual(['path']);
		});

		it('a new file at the old path: the move is still seen, and the newcomer is added', async () => {
			const dropbox = scripted({ 'files/list_revisions': [(arg) => (arg.mode === 'id' ? { entries: [{}] } : { entries: [{ id: 'id:new' }, { id: 'id:x' }] })] });
			const entries = [deleted('/Invoices/a.pdf'), file('/Invoices/b.pdf', 'id:x'), file('/Invoices/a.pdf', 'id:new')];
			const changes = await describeChanges(dropbox, entries, scope, allEvents);
			expect(changes.map((change) => [change.event, change.path])).toEqual([
				['fileMoved', '/Invoices/b.pdf'],
				['fileAdded', '/Invoices/a.pdf'],
			]);
		});

		it('when Dropbox keeps no history at the old path, the old pair: nothing lost, nothing doubled', async () => {
			const dropbox = scripted({ 'files/list_revisions': [(arg) => (arg.mode === 'id' ? { entries: [{}, {}] } : atPath({})(arg))] });
			const changes = await describeChanges(dropbox, [deleted('/Invoices/a.pdf'), file('/Invoices/b.pdf', 'id:x')], scope, allEvents);
			expect(changes.map((change) => [change.event, change.path])).toEqual([
				['folderDeleted', '/Invoices/a.pdf'],
				['fileModified', '/Invoices/b.pdf'],
			]);
		});

		it('a move passes the filters when its old or its new path does', async () => {
			const entries = [deleted('/Invoices/a.txt'), file('/Invoices/a.pdf', 'id:x')];
			const renamed = await describeChanges(scripted({ 'files/list_revisions': [atPath({ '/invoices/a.txt': ['id:x'] })] }), entries, scope, { ...allEvents, extensions: ['txt'] });
			expect(renamed.map((change) => [change.event, change.previousPath])).toEqual([['fileMoved', '/Invoices/a.txt']]);
			const neither = await describeChanges(scripted({ 'files/list_revisions': [atPath({ '/invoices/a.txt': ['id:x'] })] }), entries, scope, { ...allEvents, extensions: ['csv'] });
			expect(neither).toEqual([]);
		});

		it('Deleted and Added Pair: no pairing', async () => {
			const dropbox = scripted({ 'files/list_revisions': [(arg) => (arg.mode === 'id' ? { entries: [{}] } : atPath({ '/invoices/a.pdf': ['id:x'] })(arg))] });
			const changes = await describeChanges(dropbox, [deleted('/Invoices/a.pdf'), file('/Invoices/b.pdf', 'id:x')], scope, { ...allEvents, reportMoves: false });
			expect(changes.map((change) => change.event)).toEqual(['fileDeleted', 'fileAdded']);
		});

		it('only folder events wanted: a renamed file costs no look-up', async () => {
			const dropbox = scripted({});
			const changes = await describeChanges(dropbox, [deleted('/Invoices/a.pdf'), file('/Invoices/b.pdf', 'id:x')], scope, { ...allEvents, events: ['folderAdded', 'folderMoved'] });
			expect(changes).toEqual([]);
			expect(dropbox.calls).toHaveLength(0);
		});
	});

	it('adds temporary links to added and modified files only, by id', async () => {
		const dropbox = scripted({
			'files/list_revisions': [history({ 'id:/Invoices/m.pdf': 2 }, ['/invoices/d.pdf'])],
			'files/get_temporary_link': [(arg) => ({ link: `https://dl.example/${String(arg.path)}`, metadata: {} })],
		});
		const entries = [file('/Invoices/a.pdf'), file('/Invoices/m.pdf'), folder('/Invoices/F'), deleted('/Invoices/d.pdf')];
		const changes = await describeChanges(dropbox, entries, scope, { ...allEvents, includeLink: true });
		expect(changes.map((change) => [change.event, change.link])).toEqual([
			['fileAdded', 'https://dl.example/id:/Invoices/a.pdf'],
			['fileModified', 'https://dl.example/id:/Invoices/m.pdf'],
			['folderAdded', undefined],
			['fileDeleted', undefined],
		]);
		expect(dropbox.calls.filter((call) => call.route === 'files/get_temporary_link')).toHaveLength(2);
	});
});
