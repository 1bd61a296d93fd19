// What both Dropbox Suite triggers (webhook and polling) share: their parameters, the members they watch, the
// cursors they keep, and one guarded pass over the change feed (changes.ts reads and classifies the entries).
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	INodeProperties,
	IPollFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { randomUUID } from 'crypto';

import type { Change, ChangeEvent, FeedFilter, FeedScope } from './changes';
import { CHANGE_EVENTS, describeChanges, digestOf, drain, globToRegExp, startCursor } from './changes';
import { CREDENTIAL_TYPE, DropboxClient } from './client';
import { errorTags } from './errors';
import { dropboxErrorOf } from './reconcile';
import { InputChecker } from './validate';

type TriggerContext = IHookFunctions | IWebhookFunctions | IPollFunctions | ITriggerFunctions;

/** The routes the triggers call; every scope preset covers their scopes (test/unit/scopes.test.ts). */
export const FEED_ROUTES = ['files/list_folder', 'files/list_folder/get_latest_cursor', 'files/list_folder/continue', 'files/list_revisions', 'files/get_temporary_link'];
/** Team apps also list the team's members to watch each of them; the team presets cover these. */
export const TEAM_FEED_ROUTES = ['team/members/list_v2', 'team/members/list/continue_v2'];

/** For personal apps the feed has one member: the connected account. */
export const SELF = 'self';

export const watchProperties: INodeProperties[] = [
	{
		displayName: 'Watched Folder',
		name: 'path',
		type: 'string',
		default: '',
		placeholder: '/Invoices',
		description: 'The folder to watch; empty for the whole Dropbox',
	},
	{
		displayName: 'Include Subfolders',
		name: 'recursive',
		type: 'boolean',
		default: true,
		description: 'Whether changes in subfolders count too',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [
			{ name: 'File Added', value: 'fileAdded' },
			{ name: 'File Deleted', value: 'fileDeleted' },
			{ name: 'File Modified', value: 'fileModified' },
			{ name: 'File Moved', value: 'fileMoved', description: 'Renamed or moved within the watched folder' },
			{ name: 'Folder Added', value: 'folderAdded' },
			{ name: 'Folder Deleted', value: 'folderDeleted' },
			{ name: 'Folder Moved', value: 'folderMoved', description: 'Renamed or moved within the watched folder' },
		],
		default: ['fileAdded', 'fileModified'],
		description: 'Which changes start the workflow',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Add Temporary Download Link',
				name: 'includeLink',
				type: 'boolean',
				default: false,
				description: 'Whether to add a four-hour download link to each added or modified file',
			},
			{
				displayName: 'File Extensions',
				name: 'extensions',
				type: 'string',
				default: '',
				placeholder: 'pdf, docx',
				description: 'Only files with these extensions, separated by commas',
			},
			{
				displayName: 'Include Non-Downloadable Files',
				name: 'includeNonDownloadable',
				type: 'boolean',
				default: false,
				description: 'Whether Paper docs and Google Docs stored in Dropbox count too',
			},
			{
				displayName: 'Path Pattern',
				name: 'glob',
				type: 'string',
				default: '',
				placeholder: '**/*.pdf',
				description: 'Only entries whose path below the watched folder (or whose name) matches; * is any name part, ** any number of folders, ? one character',
			},
			{
				displayName: 'Report Moves As',
				name: 'reportMoves',
				type: 'options',
				options: [
					{ name: 'Move Events', value: 'moveEvents', description: 'One File Moved or Folder Moved event, with the old path in previousPath' },
					{ name: 'Deleted and Added Pair', value: 'deletedAndAdded', description: 'A deletion at the old path and an addition (or modification) at the new one, as Dropbox lists a move' },
				],
				default: 'moveEvents',
				description: 'How a rename or move is reported',
			},
			{
				displayName: 'Team Members',
				name: 'members',
				type: 'string',
				default: '',
				placeholder: 'dbmid:AAHhy7WsR0x-u4ZCqiDl5Fz5zvuL3kmspwU',
				description: 'Team apps: the team_member_ids to watch, separated by commas; empty watches every member',
			},
		],
	},
];

export interface Watch {
	scope: FeedScope;
	filter: FeedFilter;
	/** Changes when anything that needs a new baseline changes. */
	key: string;
	team: boolean;
	accountId?: string;
	teamId?: string;
	members?: string[];
}

export async function readWatch(fn: TriggerContext, credentials?: ICredentialDataDecryptedObject): Promise<Watch> {
	const check = new InputChecker(fn.getNode(), 0);
	const options = fn.getNodeParameter('options', {}) as IDataObject;
	const scope: FeedScope = {
		path: check.path('Watched Folder', fn.getNodeParameter('path', ''), 'list'),
		recursive: fn.getNodeParameter('recursive', true) as boolean,
		includeNonDownloadable: options.includeNonDownloadable === true,
	};
	const events = fn.getNodeParameter('events', []) as ChangeEvent[];
	if (!events.length) check.fail('Events', 'is empty', `Pick at least one of: ${CHANGE_EVENTS.join(', ')}.`);
	const filter: FeedFilter = {
		events,
		extensions: options.extensions ? check.extensions('File Extensions', options.extensions) : [],
		glob: options.glob ? globToRegExp(String(options.glob).trim()) : undefined,
		includeLink: options.includeLink === true,
		reportMoves: options.reportMoves !== 'deletedAndAdded',
	};
	const data = credentials ?? (await fn.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE));
	const tokens = (data.oauthTokenData ?? {}) as IDataObject;
	const team = data.appType === 'team';
	const members = options.members ? check.list('Team Members', options.members, (id) => {
		if (!id.startsWith('dbmid:')) check.fail('Team Members', `"${id}" is not a team member ID`, 'Team member IDs start with "dbmid:".');
		return id;
	}) : undefined;
	if (!team && members) check.fail('Team Members', 'is set, but the credential is a personal app', 'Leave Team Members empty, or use a team-linked credential.');
	return {
		scope,
		filter,
		team,
		members,
		accountId: tokens.account_id as string | undefined,
		teamId: tokens.team_id as string | undefined,
		key: JSON.stringify([scope, team, members ?? 'all']),
	};
}

function clientFor(fn: TriggerContext, member: string): DropboxClient {
	return new DropboxClient(fn, { team: member === SELF ? {} : { selectUser: member } });
}

/** Every member the feed follows: the connected account, or the chosen (or all active) team members. */
export async function membersOf(fn: TriggerContext, watch: Watch): Promise<string[]> {
	if (!watch.team) return [SELF];
	if (watch.members) return watch.members;
	const members: string[] = [];
	let page = await new DropboxClient(fn).rpc<IDataObject>('team/members/list_v2', { limit: 1000 });
	for (;;) {
		for (const member of (page.members as Array<{ profile: IDataObject }>) ?? []) {
			if ((member.profile.status as IDataObject | undefined)?.['.tag'] === 'active') members.push(String(member.profile.team_member_id));
		}
		if (!page.has_more) return members;
		page = await new DropboxClient(fn).rpc<IDataObject>('team/members/list/continue_v2', { cursor: page.cursor });
	}
}

/**
 * What a trigger keeps between runs, in n8n's static data.
 *
 * n8n saves a trigger's static data when the trigger hands over its items, before the workflow runs (live
 * webhooks, polls and trigger emits alike); a process that dies in between would leave a cursor past changes that
 * never ran. So the cursors after a pass that handed over changes are kept apart as `pending`, with the process
 * that handed them over. A later pass in the same process reads on from them: the earlier hand-over reached n8n,
 * since the process is still alive. A pass in another process (n8n restarted since, after a crash or not) cannot
 * tell, and reads those changes again from `cursors`: at least once, never lost; each change keeps its `key`.
 */
export interface FeedState extends IDataObject {
	key?: string;
	/** Per member: the cursor up to which every change is known to have reached n8n. */
	cursors?: Record<string, string>;
	/** The last pass that handed changes over: the cursors after it, and which process handed them over. */
	pending?: { cursors: Record<string, string>; process: string };
	/** Members whose last pass failed: read again on the next pass, whichever members it names. */
	failed?: string[];
}

/** Starts the feed at `cursors` (a baseline): only later changes count. */
export function watchFromNow(state: FeedState, watch: Watch, cursors: Record<string, string>): void {
	for (const field of ['pending', 'failed']) delete state[field];
	state.key = watch.key;
	state.cursors = cursors;
}


/** Names this process (see FeedState); a new one after every start of n8n. */
const THIS_PROCESS = randomUUID();

/**
 * The cursor a pass for the member would read from (see runPass), to wait on with a long-poll: where the last pass
 * ended when this process handed it over, else the confirmed one (so a hand-over of an earlier process is read
 * again at once).
 */
export function newestCursor(state: FeedState, watch: Watch, member: string): string | undefined {
	if (state.key !== watch.key) return undefined;
	const pending = state.pending?.process === THIS_PROCESS ? state.pending.cursors[member] : undefined;
	return pending ?? state.cursors?.[member];
}

/**
 * Runs one feed call for a member; a watched folder that is missing (or is a file) fails naming the parameter
 * and what to do, instead of with Dropbox's path/not_found, which n8n would only retry.
 */
async function onWatchedFolder<T>(fn: TriggerContext, watch: Watch, member: string, moment: 'activation' | 'pass', call: () => Promise<T>): Promise<T> {
	return await call().catch(async (error: unknown) => {
		const [tag, problem] = errorTags({ error: dropboxErrorOf(error) });
		if (tag !== 'path' || (problem !== 'not_found' && problem !== 'not_folder')) return await Promise.reject(error);
		const whose = member === SELF ? '' : ` for team member ${member}`;
		const what = problem === 'not_folder' ? 'is a file, not a folder' : moment === 'activation' ? 'does not exist' : 'no longer exists';
		const then = moment === 'activation' ? 'then activate the workflow again' : 'then deactivate and activate the workflow to watch from now';
		return new InputChecker(fn.getNode(), 0).fail(
			'Watched Folder',
			`"${watch.scope.path}" ${what} in Dropbox${whose}`,
			`Create the folder "${watch.scope.path}" in Dropbox, or pick an existing folder (empty watches the whole Dropbox); ${then}.`,
		);
	});
}

/** New cursors for every member: from now on, only later changes count. */
export async function baseline(fn: TriggerContext, watch: Watch): Promise<Record<string, string>> {
	const cursors: Record<string, string> = {};
	for (const member of await membersOf(fn, watch))
		cursors[member] = await onWatchedFolder(fn, watch, member, 'activation', async () => await startCursor(clientFor(fn, member), watch.scope));
	return cursors;
}

// Two notifications for one workflow can be handled at once, each with the static data as last saved.
// Passes are therefore serialized per trigger in this process, and the newest cursors are kept here too, so a
// pass never starts from a cursor older than one another pass has already emitted the changes of.
const queues = new Map<string, Promise<unknown>>();
const newest = new Map<string, FeedState>();

async function exclusive<T>(lockKey: string, work: () => Promise<T>): Promise<T> {
	const previous = queues.get(lockKey) ?? Promise.resolve();
	const run = previous.then(work, work);
	const settled = run.catch(() => undefined);
	queues.set(lockKey, settled);
	try {
		return await run;
	} finally {
		if (queues.get(lockKey) === settled) queues.delete(lockKey);
	}
}

function lockKeyOf(fn: TriggerContext): string {
	return `${fn.getWorkflow().id ?? ''}:${fn.getNode().id}`;
}

export function forgetNewest(fn: TriggerContext): void {
	newest.delete(lockKeyOf(fn));
}

/** A member's pass that failed: that member's cursor stays where it was, the others' progress is kept. */
export interface MemberFailure {
	member: string;
	error: Error;
}

export interface Pass {
	items: IDataObject[];
	failures: MemberFailure[];
}

/**
 * One pass over the change feed for the given members (and any whose last pass failed): drain each member's
 * cursor, describe what passes the filters, and store the new cursors together with the changes returned, which
 * the caller hands to n8n in the same run. One member's failure does not cost the others their progress.
 */
export async function runPass(fn: TriggerContext, watch: Watch, state: FeedState, only?: string[]): Promise<Pass> {
	const lockKey = lockKeyOf(fn);
	return await exclusive(lockKey, async () => {
		const memory = newest.get(lockKey);
		const saved = memory?.key === watch.key ? memory : state.key === watch.key ? state : undefined;
		const confirmed = { ...(saved?.cursors ?? {}) };
		const pending = saved?.pending;
		// Handed over by this process: it reached n8n. By another: perhaps not, so those members are read again.
		if (pending?.process === THIS_PROCESS) Object.assign(confirmed, pending.cursors);
		const replay = pending && pending.process !== THIS_PROCESS ? Object.keys(pending.cursors) : [];
		const named = only ?? (Object.keys(confirmed).length ? Object.keys(confirmed) : await membersOf(fn, watch));
		const members = [...new Set([...named, ...(saved?.failed ?? []), ...replay])];

		const cursors = { ...confirmed };
		const items: IDataObject[] = [];
		const failures: MemberFailure[] = [];
		for (const member of members) {
			try {
				const read = await readMember(fn, watch, member, confirmed[member]);
				cursors[member] = read.cursor;
				items.push(...read.items);
			} catch (error) {
				failures.push({ member, error: error as Error });
			}
		}
		const next: FeedState = items.length
			? { key: watch.key, cursors: confirmed, pending: { cursors, process: THIS_PROCESS } }
			: { key: watch.key, cursors };
		if (failures.length) next.failed = failures.map((failure) => failure.member);
		newest.set(lockKey, next);
		for (const field of ['cursors', 'pending', 'failed']) delete state[field];
		Object.assign(state, next);
		return { items, failures };
	});
}

/** One member's changes since `cursor` (none for a member seen for the first time: from now on). */
async function readMember(fn: TriggerContext, watch: Watch, member: string, cursor: string | undefined): Promise<{ cursor: string; items: IDataObject[] }> {
	const dropbox = clientFor(fn, member);
	const who = member === SELF ? { accountId: watch.accountId ?? null } : { teamMemberId: member, teamId: watch.teamId ?? null };
	if (!cursor) return { cursor: await onWatchedFolder(fn, watch, member, 'activation', async () => await startCursor(dropbox, watch.scope)), items: [] };
	const drained = await onWatchedFolder(fn, watch, member, 'pass', async () => await drain(dropbox, cursor, watch.scope));
	if (drained.reset) {
		const warning = 'Dropbox reset the change cursor (it expired or the folder was replaced). Watching starts again from now; changes in between were not reported.';
		return { cursor: drained.cursor, items: [{ event: 'reset', warning, key: ['reset', member, digestOf(cursor)].join(':'), ...who }] };
	}
	const changes: Change[] = await describeChanges(dropbox, drained.entries, watch.scope, watch.filter, digestOf(cursor));
	return { cursor: drained.cursor, items: changes.map((change) => ({ ...change, ...who })) };
}

/** What failed in a pass, for n8n's log and errors: the member and Dropbox's message. */
export function describeFailures(failures: MemberFailure[]): string {
	return failures.map(({ member, error }) => `${member === SELF ? 'the account' : `team member ${member}`}: ${error.message}`).join('; ');
}

/**
 * A pass for the polling and long-poll triggers: the changes read, with what failed written to n8n's log (the
 * failed members are read again on the next pass). When nothing could be read at all, the pass fails with the
 * first error, as n8n shows a trigger's errors.
 */
export async function collectChanges(fn: TriggerContext, watch: Watch, state: FeedState, only?: string[]): Promise<IDataObject[]> {
	const { items, failures } = await runPass(fn, watch, state, only);
	if (failures.length && !items.length) throw failures[0].error;
	if (failures.length) fn.logger.error(`Dropbox Suite: changes of ${describeFailures(failures)} could not be read; they are read again on the next pass.`);
	return items;
}
