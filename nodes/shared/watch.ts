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

import type { Change, ChangeEvent, Entry, FeedFilter, FeedScope } from './changes';
import { CHANGE_EVENTS, describeChanges, digestOf, drain, fromStart, globToRegExp, mapLimit, startCursor } from './changes';
import { CREDENTIAL_TYPE, DropboxClient } from './client';
import { ORIGIN_TEAM_ROUTES, ORIGIN_TEMPLATE_ROUTES, originTemplate, writtenByN8n } from './origin';
import { errorTags, rethrow } from './errors';
import { dropboxErrorOf } from './reconcile';
import type { PathRoot } from './types';
import { NAMESPACE_ID_REGEX, checkTeamMember, namespaceLocator, resolveTeamMember, teamMemberLocator } from './team';
import { InputChecker } from './validate';

type TriggerContext = IHookFunctions | IWebhookFunctions | IPollFunctions | ITriggerFunctions;

/** The routes the triggers call; every scope preset covers their scopes (test/unit/scopes.test.ts). */
export const FEED_ROUTES = ['files/list_folder', 'files/list_folder/get_latest_cursor', 'files/list_folder/continue', 'files/list_revisions', 'files/get_temporary_link'];
/** Team apps also list the team's members to watch each of them; the team presets cover these. */
export const TEAM_FEED_ROUTES = ['team/members/list_v2', 'team/members/list/continue_v2', 'team/members/get_info_v2'];

/** How many members' cursors are taken at once when a team trigger is activated. */
export const ACTIVATION_CONCURRENCY = 8;
/** How often the polling trigger watching every member lists the team again, for members who joined or left. */
export const MEMBER_REFRESH_MS = 10 * 60_000;

/**
 * "Ignore Changes Made by Dropbox Suite" finds (or, the first time, creates) the package's property template: personal
 * apps with these routes, team apps with the team template routes. Every preset that can write covers them.
 */
export const IGNORE_OWN_ROUTES = ORIGIN_TEMPLATE_ROUTES;
export const TEAM_IGNORE_OWN_ROUTES = ORIGIN_TEAM_ROUTES;

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
				displayName: 'Ignore Changes Made by Dropbox Suite',
				name: 'ignoreOwn',
				type: 'boolean',
				default: false,
				description:
					'Whether to skip what Dropbox Suite nodes wrote with "Mark as Written by Dropbox Suite" on (in any workflow): a file whose content and name are still as n8n wrote them, and a folder n8n created. A later edit, rename or move by a person still fires; deletions are always reported.',
			},
			{
				displayName: 'Include Non-Downloadable Files',
				name: 'includeNonDownloadable',
				type: 'boolean',
				default: false,
				description: 'Whether Paper docs and Google Docs stored in Dropbox count too',
			},
			{
				...namespaceLocator,
				description: 'With Path Root "Namespace": the team folder or shared folder whose changes are watched',
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
				displayName: 'Path Root',
				name: 'pathRoot',
				type: 'options',
				options: [
					{ name: 'Home', value: 'home', description: 'Each watched member\'s own Dropbox (Dropbox\'s default)' },
					{ name: 'Namespace', value: 'namespace', description: 'The team folder or shared folder chosen under Namespace' },
					{ name: 'Team Space', value: 'teamSpace', description: 'The team space, where team folders live' },
				],
				default: 'home',
				description: 'Which folder Watched Folder is relative to. With a team app, Team Space and Namespace are watched as the members chosen under Team Members.',
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
				displayName: 'Team Member IDs',
				name: 'members',
				type: 'string',
				default: '',
				placeholder: 'dbmid:AAHhy7WsR0x-u4ZCqiDl5Fz5zvuL3kmspwU',
				description: 'Team apps: team_member_ids to watch, separated by commas, in addition to Team Members',
			},
			{
				displayName: 'Team Members',
				name: 'watchedMembers',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add member',
				default: {},
				description: 'Team apps: the members to watch; none watches every member, including those who join later',
				options: [{ displayName: 'Member', name: 'member', values: [teamMemberLocator('member', 'Team Member')] }],
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
	/** The chosen members; undefined watches every member. */
	members?: string[];
	/** Path Root of the feed, passed to the client as the action node does. */
	pathRoot?: PathRoot | 'teamSpace';
}

/** Whether the feed follows every member of the team, the list refreshed as members join and leave. */
export const everyMember = (watch: Watch) => watch.team && !watch.members && !watch.pathRoot;

export async function readWatch(fn: TriggerContext, credentials?: ICredentialDataDecryptedObject): Promise<Watch> {
	const check = new InputChecker(fn.getNode(), 0);
	const options = fn.getNodeParameter('options', {}) as IDataObject;
	const scope: FeedScope = {
		path: check.path('Watched Folder', fn.getNodeParameter('path', ''), 'list'),
		recursive: fn.getNodeParameter('recursive', true) as boolean,
		includeNonDownloadable: options.includeNonDownloadable === true,
	};
	// Part of the scope, so of the key: switching it on or off takes new cursors that ask for the mark.
	if (options.ignoreOwn === true) scope.originTemplate = await originTemplate(fn);
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
	const members = await chosenMembers(fn, check, options);
	if (!team && members) check.fail('Team Members', 'is set, but the credential is a personal app', 'Leave Team Members and Team Member IDs empty, or use a team-linked credential.');
	const pathRoot = feedPathRoot(check, options);
	// Every member sees the same team space: watching each of them would report every change once per member.
	if (team && pathRoot && !members)
		check.fail('Team Members', `is empty, but Path Root is "${options.pathRoot === 'teamSpace' ? 'Team Space' : 'Namespace'}"`, 'Choose under Team Members the member (or members) whose view of the team space or namespace is watched, or set Path Root to "Home" to watch every member\'s own Dropbox.');
	return {
		scope,
		filter,
		team,
		members,
		pathRoot,
		accountId: tokens.account_id as string | undefined,
		teamId: tokens.team_id as string | undefined,
		// Home adds nothing to the key, so that triggers activated before Path Root existed keep their cursors.
		key: JSON.stringify([scope, team, members ?? 'all', ...(pathRoot ? [pathRoot] : [])]),
	};
}

/**
 * The members chosen under Team Members (locators; an email is looked up) and the older Team Member IDs
 * (comma-separated, still read so that saved workflows keep working); undefined when none is chosen.
 */
async function chosenMembers(fn: TriggerContext, check: InputChecker, options: IDataObject): Promise<string[] | undefined> {
	const ids = options.members
		? check.list('Team Member IDs', options.members, (id) => checkTeamMember(check, 'Team Member IDs', { mode: 'id', value: id }).value)
		: [];
	const rows = ((options.watchedMembers as IDataObject | undefined)?.member as IDataObject[] | undefined) ?? [];
	const values = rows.map((row) => row.member).filter((value) => checkTeamMember(check, 'Team Members', value).value);
	for (const value of values) ids.push(await resolveTeamMember(check, 'Team Members', value, new DropboxClient(fn)));
	return ids.length ? [...new Set(ids)] : undefined;
}

function feedPathRoot(check: InputChecker, options: IDataObject): Watch['pathRoot'] {
	if (options.pathRoot === 'teamSpace') return 'teamSpace';
	if (options.pathRoot !== 'namespace') return undefined;
	const raw = options.namespaceId;
	const id = String((typeof raw === 'object' && raw !== null ? (raw as IDataObject).value : raw) ?? '').trim();
	if (!new RegExp(`^${NAMESPACE_ID_REGEX}$`).test(id))
		check.fail('Namespace', id ? `"${id}" is not a namespace ID` : 'is empty', 'With Path Root "Namespace", choose the team folder or shared folder From List, or give its numeric namespace ID.');
	return { '.tag': 'namespace_id', namespace_id: id };
}

/**
 * A client acting as `member` with the feed's path root. `rootNamespaces` is shared by the clients of one pass,
 * so that a member's team-space root is looked up once.
 */
export function clientFor(fn: TriggerContext, watch: Watch, member: string, rootNamespaces?: Map<string, Promise<string>>): DropboxClient {
	return new DropboxClient(fn, { team: { ...(member === SELF ? {} : { selectUser: member }), pathRoot: watch.pathRoot }, rootNamespaces });
}

/** Every member the feed follows: the connected account, or the chosen (or all active) team members. */
export async function membersOf(fn: TriggerContext, watch: Watch): Promise<string[]> {
	if (!watch.team) return [SELF];
	if (watch.members) return watch.members;
	const roster = await teamRoster(fn);
	return [...roster].filter(([, status]) => status === 'active').map(([member]) => member);
}

/** The team's members (removed ones are not listed) with their status: active, invited, suspended. */
export async function teamRoster(fn: TriggerContext): Promise<Map<string, string>> {
	const roster = new Map<string, string>();
	const dropbox = new DropboxClient(fn);
	let page = await dropbox.rpc<IDataObject>('team/members/list_v2', { limit: 1000 });
	for (;;) {
		for (const member of (page.members as Array<{ profile: IDataObject }>) ?? [])
			roster.set(String(member.profile.team_member_id), String((member.profile.status as IDataObject | undefined)?.['.tag'] ?? 'active'));
		if (!page.has_more) return roster;
		page = await dropbox.rpc<IDataObject>('team/members/list/continue_v2', { cursor: page.cursor });
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
 *
 * Several processes (n8n's queue mode: webhook processors side by side) each keep their newest state in memory,
 * and n8n gives every request the static data as last saved, which the last save overwrites whole. So every state
 * carries the number of the pass that wrote it (`seq`, and `cursorsSeq` for when its `cursors` were reached), and
 * a pass starts from the newest point it may trust: its own process's hand-over, or the confirmed `cursors` of
 * whichever state (in memory or as saved) is newer. Every such point is safe (nothing before it is unreported),
 * so an older state never takes a pass back past a newer one it has seen, and never loses a change.
 */
export interface FeedState extends IDataObject {
	key?: string;
	/** Per member: the cursor up to which every change is known to have reached n8n. */
	cursors?: Record<string, string>;
	/** The last pass that handed changes over: the cursors after it, and which process handed them over. */
	pending?: { cursors: Record<string, string>; process: string };
	/** The number of the pass that wrote this state (one more than the newest state that pass started from). */
	seq?: number;
	/** The number of the pass that reached `cursors`. */
	cursorsSeq?: number;
	/** Members whose last pass failed: read again on the next pass, whichever members it names. */
	failed?: string[];
	/** Watching every member: when the team was last listed (epoch ms), for members who joined or left. */
	membersListedAt?: number;
	/** An activation that did not finish: the cursors it took, so that the next attempt goes on from them. */
	activation?: { key: string; cursors: Record<string, string> };
}

/** Starts the feed at `cursors` (a baseline): only later changes count. */
export function watchFromNow(state: FeedState, watch: Watch, cursors: Record<string, string>): void {
	for (const field of ['pending', 'failed', 'activation', 'membersListedAt', 'seq', 'cursorsSeq']) delete state[field];
	state.key = watch.key;
	state.cursors = cursors;
	if (everyMember(watch)) state.membersListedAt = Date.now();
}

/** What the trigger keeps, all of it; for deactivation. */
export const FEED_STATE_FIELDS = ['key', 'cursors', 'pending', 'failed', 'membersListedAt', 'activation', 'seq', 'cursorsSeq'];

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
		const then = moment === 'activation' ? 'then publish the workflow again' : 'then unpublish and publish the workflow to watch from now';
		return new InputChecker(fn.getNode(), 0).fail(
			'Watched Folder',
			`"${watch.scope.path}" ${what} in Dropbox${whose}`,
			`Create the folder "${watch.scope.path}" in Dropbox, or pick an existing folder (empty watches the whole Dropbox); ${then}.`,
		);
	});
}

/**
 * Cursors an activation took before it failed, by trigger and watch key. n8n saves static data only after a
 * successful activation (a failed one is cleaned up through the delete hook), so the progress of a failed
 * activation lives here, for n8n's next attempt in this process; a restart of n8n starts over.
 */
const activations = new Map<string, { at: number; cursors: Record<string, string> }>();
/** How long an unfinished activation's cursors are reused: changes since they were taken are reported. */
const ACTIVATION_PROGRESS_MS = 60 * 60_000;

/**
 * New cursors for every member: from now on, only later changes count. Members are started
 * ACTIVATION_CONCURRENCY at a time; after a failure, the cursors taken are kept (in `state.activation` and in
 * this process) and the next attempt starts only the members still missing.
 */
export async function baseline(fn: TriggerContext, watch: Watch, state?: FeedState): Promise<Record<string, string>> {
	const progressKey = `${lockKeyOf(fn)}:${watch.key}`;
	const kept = activations.get(progressKey);
	const cursors: Record<string, string> = {
		...(state?.activation?.key === watch.key ? state.activation.cursors : {}),
		...(kept && Date.now() - kept.at < ACTIVATION_PROGRESS_MS ? kept.cursors : {}),
	};
	const members = await membersOf(fn, watch);
	const rootNamespaces = new Map<string, Promise<string>>();
	// After a failure no more members are started, and those in flight are let finish, so that their cursors count.
	let failure: { error: unknown } | undefined;
	await mapLimit(members.filter((member) => !cursors[member]), ACTIVATION_CONCURRENCY, async (member) => {
		if (failure) return;
		try {
			cursors[member] = await onWatchedFolder(fn, watch, member, 'activation', async () => await startCursor(clientFor(fn, watch, member, rootNamespaces), watch.scope));
		} catch (error) {
			failure ??= { error };
		}
	});
	if (failure) {
		activations.set(progressKey, { at: kept?.at ?? Date.now(), cursors });
		if (state) state.activation = { key: watch.key, cursors };
		rethrow(fn.getNode(), failure.error);
	}
	activations.delete(progressKey);
	return Object.fromEntries(members.map((member) => [member, cursors[member]]));
}

/** Deactivation: forgets the feed; the progress of an activation that never finished stays for n8n's retry. */
export function forgetFeed(fn: TriggerContext, state: FeedState): void {
	if (state.key) for (const key of [...activations.keys()]) if (key.startsWith(`${lockKeyOf(fn)}:`)) activations.delete(key);
	newest.delete(lockKeyOf(fn));
	for (const field of FEED_STATE_FIELDS) delete state[field];
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
	return await exclusive(lockKey, async () => await passOver(fn, lockKey, watch, [state], only));
}

/**
 * A pass waiting behind the one running in this process, not started yet. A notification arriving meanwhile joins
 * it instead of queueing a pass of its own: the pass reads every change made up to the moment it starts, so also
 * the changes that notification announces. A burst of N notifications then costs one pass, not N passes in a row
 * (each holding its request open and draining the feed again, until the requests fall behind Dropbox's answer
 * window).
 */
interface QueuedPass {
	/** The watch it reads, serialized: only a notification for the same feed, filters and account joins. */
	watch: string;
	/** The members it reads (undefined: every member); widened by the notifications that join, until it starts. */
	members?: Set<string>;
	/** The static data each joined request was given; the pass starts from the newest safe point any of them knows. */
	states: FeedState[];
	pass?: Promise<Pass>;
}

const waiting = new Map<string, QueuedPass>();

export interface JoinedPass {
	pass: Promise<Pass>;
	/**
	 * Whether this request hands the pass's changes over to n8n: exactly one of the requests that joined a pass
	 * does (the first, whose static data the pass writes, so that n8n saves it with the hand-over). The others
	 * only answer Dropbox.
	 */
	handsOver: boolean;
}

/**
 * runPass for webhook notifications: joins the pass queued for this trigger when there is one (widening its
 * members to the notification's), or queues a new one.
 */
export function joinPass(fn: TriggerContext, watch: Watch, state: FeedState, only?: string[]): JoinedPass {
	const lockKey = lockKeyOf(fn);
	// The editor's test listener (mode manual) never joins the published workflow's pass, or it would wait on.
	const described = `${fn.getMode()}:${JSON.stringify(watch, (_, value: unknown) => (value instanceof RegExp ? value.source : value))}`;
	const queued = waiting.get(lockKey);
	if (queued?.pass && queued.watch === described) {
		if (!only) queued.members = undefined;
		else for (const member of only) queued.members?.add(member);
		queued.states.push(state);
		return { pass: queued.pass, handsOver: false };
	}
	const entry: QueuedPass = { watch: described, members: only && new Set(only), states: [state] };
	// Set before the pass can start (exclusive() starts it a microtask later at the earliest).
	waiting.set(lockKey, entry);
	entry.pass = exclusive(lockKey, async () => {
		// From here on it reads: a notification arriving now may announce changes it has read past already.
		if (waiting.get(lockKey) === entry) waiting.delete(lockKey);
		return await passOver(fn, lockKey, watch, entry.states, entry.members && [...entry.members]);
	});
	return { pass: entry.pass, handsOver: true };
}

/**
 * The pass itself, inside exclusive(). `states` are the static data of the requests it serves: it starts from
 * the newest safe point they and this process's memory know, and writes its outcome into the first, the one
 * whose request hands the changes over (n8n saves that request's static data before running the workflow).
 */
async function passOver(fn: TriggerContext, lockKey: string, watch: Watch, states: FeedState[], only?: string[]): Promise<Pass> {
	const state = states[0];
	const memory = newest.get(lockKey);
	const known = [memory, ...states].filter((each): each is FeedState => each?.key === watch.key);
	// The newest of this process's memory and the states as saved (by this or another process).
	const saved = known.reduce<FeedState | undefined>((best, each) => (!best || (each.seq ?? 0) > (best.seq ?? 0) ? each : best), undefined);
	const start = startingPoint(known);
	const confirmed = { ...start.cursors };
	// Handed over by another process: perhaps it never reached n8n, so those members are read again.
	const replay = known.flatMap((each) => (each.pending && each.pending.process !== THIS_PROCESS ? Object.keys(each.pending.cursors) : []));
	// Once the feed has a baseline, a member without a cursor joined since: read from the start of their Dropbox.
	const baselined = Object.keys(confirmed).length > 0;
	const gone = new Set<string>();
	let listedAt = saved?.membersListedAt;
	let named = only ?? (baselined ? Object.keys(confirmed) : await membersOf(fn, watch));
	if (!only && baselined && everyMember(watch) && Date.now() - (listedAt ?? 0) >= MEMBER_REFRESH_MS) {
		const listed = await refreshMembers(fn, named);
		if (listed) {
			listedAt = Date.now();
			named = listed.active;
			for (const member of listed.gone) gone.add(member);
		}
	}
	const members = [...new Set([...named, ...(saved?.failed ?? []), ...replay])].filter((member) => !gone.has(member));

	const cursors = { ...confirmed };
	const failures: MemberFailure[] = [];
	const rootNamespaces = new Map<string, Promise<string>>();
	const reads = await mapLimit(members, ACTIVATION_CONCURRENCY, async (member) => {
		try {
			return await readMember(fn, watch, member, confirmed[member], baselined, rootNamespaces);
		} catch (error) {
			const tags = errorTags({ error: dropboxErrorOf(error) });
			if (tags.includes('invalid_select_user')) gone.add(member);
			else if (tags.includes('user_suspended')) fn.logger.info(`Dropbox Suite: team member ${member} is suspended; their changes are read once they are unsuspended.`);
			else failures.push({ member, error: error as Error });
			return undefined;
		}
	});
	const items: IDataObject[] = [];
	for (const [index, read] of reads.entries()) {
		if (!read) continue;
		cursors[members[index]] = read.cursor;
		items.push(...read.items);
	}
	for (const member of gone) {
		// Removed from the team (or not a member any more): Dropbox refuses to act as them on every pass.
		delete confirmed[member];
		delete cursors[member];
		fn.logger.info(`Dropbox Suite: team member ${member} is no longer a member of the team; they are not watched any more.`);
	}
	const seq = Math.max(0, ...known.map((each) => each.seq ?? 0)) + 1;
	const next: FeedState = items.length
		? { key: watch.key, cursors: confirmed, cursorsSeq: start.seq, pending: { cursors, process: THIS_PROCESS }, seq }
		: { key: watch.key, cursors, cursorsSeq: seq, seq };
	if (failures.length) next.failed = failures.map((failure) => failure.member);
	if (listedAt !== undefined) next.membersListedAt = listedAt;
	newest.set(lockKey, next);
	for (const field of ['cursors', 'pending', 'failed', 'membersListedAt', 'seq', 'cursorsSeq']) delete state[field];
	Object.assign(state, next);
	return { items, failures };
}

/**
 * Where a pass starts: of the points known to be safe (every change before them reached n8n), the newest. Safe are
 * a state's confirmed `cursors`, and a hand-over by this process (it is alive, so n8n got it). In one process the
 * memory is never older than what is saved; with several, another process may have saved a newer state.
 */
function startingPoint(known: FeedState[]): { cursors: Record<string, string>; seq: number } {
	let best: { cursors: Record<string, string>; seq: number } = { cursors: {}, seq: -1 };
	for (const each of known) {
		const points = [{ cursors: each.cursors ?? {}, seq: each.cursorsSeq ?? each.seq ?? 0 }];
		if (each.pending?.process === THIS_PROCESS) points.push({ cursors: { ...each.cursors, ...each.pending.cursors }, seq: each.seq ?? 0 });
		for (const point of points) if (point.seq > best.seq) best = point;
	}
	return { cursors: best.cursors, seq: Math.max(best.seq, 0) };
}

/**
 * The team listed again: its active members (those who joined are read from their first change), and the
 * watched members it no longer has (removed). Suspended members keep their cursors for when they return.
 * A failed listing is logged; the pass goes on with the members it knows.
 */
async function refreshMembers(fn: TriggerContext, watched: string[]): Promise<{ active: string[]; gone: string[] } | undefined> {
	try {
		const roster = await teamRoster(fn);
		return {
			active: [...roster].filter(([, status]) => status === 'active').map(([member]) => member),
			gone: watched.filter((member) => !roster.has(member)),
		};
	} catch (error) {
		fn.logger.warn(`Dropbox Suite: the team's members could not be listed (${(error as Error).message}); the members known are watched.`);
		return undefined;
	}
}

/**
 * One member's changes since `cursor`. A member seen for the first time is read from now on before the feed's
 * baseline is taken, and from the start of their Dropbox after it (they joined since: their first changes count).
 */
async function readMember(
	fn: TriggerContext,
	watch: Watch,
	member: string,
	cursor: string | undefined,
	baselined: boolean,
	rootNamespaces: Map<string, Promise<string>>,
): Promise<{ cursor: string; items: IDataObject[] } | undefined> {
	const dropbox = clientFor(fn, watch, member, rootNamespaces);
	const who = member === SELF ? { accountId: watch.accountId ?? null } : { teamMemberId: member, teamId: watch.teamId ?? null };
	if (!cursor && !baselined) return { cursor: await onWatchedFolder(fn, watch, member, 'activation', async () => await startCursor(dropbox, watch.scope)), items: [] };
	let entries: Entry[];
	let next: string;
	if (!cursor) {
		const listed = await fromStart(dropbox, watch.scope).catch(async (error: unknown) => {
			// A new member without the watched folder: nothing to watch yet; looked at again when next named.
			const [tag, problem] = errorTags({ error: dropboxErrorOf(error) });
			return tag === 'path' && problem === 'not_found' ? undefined : await Promise.reject(error);
		});
		if (!listed) return undefined;
		({ entries, cursor: next } = listed);
	} else {
		const drained = await onWatchedFolder(fn, watch, member, 'pass', async () => await drain(dropbox, cursor, watch.scope));
		if (drained.reset) {
			const warning = 'Dropbox reset the change cursor (it expired or the folder was replaced). Watching starts again from now; changes in between were not reported.';
			return { cursor: drained.cursor, items: [{ event: 'reset', warning, key: ['reset', member, digestOf(cursor)].join(':'), ...who }] };
		}
		({ entries, cursor: next } = drained);
	}
	const described = await describeChanges(dropbox, entries, watch.scope, watch.filter, cursor ? digestOf(cursor) : `start:${member}`);
	const changes = skipOwnWrites(described, watch.scope);
	return { cursor: next, items: changes.map((change) => ({ ...change, ...who })) };
}

/**
 * "Ignore Changes Made by Dropbox Suite": drops the changes whose entry is exactly what a Dropbox Suite node wrote and
 * marked (origin.ts). Deletions carry no properties and are kept; a move is dropped when its new entry is marked.
 */
function skipOwnWrites(changes: Change[], scope: Watch['scope']): Change[] {
	const template = scope.originTemplate;
	return template ? changes.filter((change) => !writtenByN8n(change.metadata, template)) : changes;
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
