import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { routeInfo } from '../../../shared/client';
import type { ClientOptions, DropboxContext, RetryPolicy, TeamContext } from '../../../shared';
import { DropboxClient } from '../../../shared/client';
import { DEFAULT_RETRY } from '../../../shared/retry';
import type { InputChecker } from '../../../shared/validate';
import type { ResourceDefinition } from '../types';
import { NAMESPACE_ID_REGEX, namespaceLocator, resolveTeamMember, teamMemberLocator } from '../../../shared/team';

const defaultMaxAttempts = DEFAULT_RETRY.maxAttempts;
const defaultMaxWaitSeconds = DEFAULT_RETRY.maxWaitMs / 1000;

const retryOptions: INodeProperties[] = [
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 20 },
		default: defaultMaxAttempts,
		description: 'Attempts in all for one Dropbox call when Dropbox rate-limits, fails with a server error or drops the connection',
	},
	{
		displayName: 'Max Wait (Seconds)',
		name: 'maxWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: defaultMaxWaitSeconds,
		description: 'The longest one Dropbox call may spend waiting between attempts, added up, before it fails',
	},
];

/** Who a team app acts as and where paths start: only for operations that call user routes. */
function memberOptions(adminAllowed: boolean): INodeProperties[] {
	const admin = { name: 'Team Admin', value: 'admin', description: 'A team app acting with admin rights on a member\'s Dropbox' };
	return [
		{
			displayName: 'Act As',
			name: 'actAs',
			type: 'options',
			options: [
				{ name: 'Connected Account', value: 'self', description: 'Personal apps' },
				...(adminAllowed ? [admin] : []),
				{ name: 'Team Member', value: 'member', description: 'A team app acting in a member\'s Dropbox' },
			],
			default: 'self',
			description: 'Who a team (Dropbox Business) app acts as',
		},
		namespaceLocator,
		{
			displayName: 'Path Root',
			name: 'pathRoot',
			type: 'options',
			options: [
				{ name: 'Home', value: 'home', description: 'Paths start in the member\'s home folder (Dropbox\'s default)' },
				{ name: 'Namespace', value: 'namespace', description: 'Paths start in the namespace chosen under Namespace (a team folder or shared folder)' },
				{ name: 'Team Space', value: 'teamSpace', description: 'Paths start at the root of the team space, where team folders live' },
			],
			default: 'home',
			description: 'Which folder paths are relative to; team spaces keep team folders above the member\'s home',
		},
		// Named "teamMemberId" as when it was a plain string, so saved workflows keep their member: a plain
		// string is read as By ID (or By Email when it has an "@").
		teamMemberLocator('teamMemberId', 'Team Member', {
			description: `With Act As "Team Member"${adminAllowed ? ' or "Team Admin"' : ''}: the member to act as`,
		}),
	];
}

/** Routes called in a member's Dropbox (Dropbox's "user" auth), which take Select-User and Path-Root. */
const userRoutes = (routes: string[]) => routes.filter((route) => routeInfo(route).auth.includes('user'));

/** Whether a team admin may run every user route of the operation with Select-Admin (route table). */
export const adminAllowed = (routes: string[]) => {
	const user = userRoutes(routes);
	return user.length > 0 && user.every((route) => !!routeInfo(route).selectAdmin);
};

/** The kinds of Request Options an operation can have, from its routes. */
type Variant = 'retryOnly' | 'member' | 'memberOrAdmin';

function variantOf(routes: string[]): Variant {
	if (!userRoutes(routes).length) return 'retryOnly';
	return adminAllowed(routes) ? 'memberOrAdmin' : 'member';
}

const byDisplayName = (a: INodeProperties, b: INodeProperties) => a.displayName.localeCompare(b.displayName);

/** The Request Options collection for one kind of operation. */
function requestOptionsCollection(variant: Variant): INodeProperties {
	const options = variant === 'retryOnly' ? retryOptions : [...retryOptions, ...memberOptions(variant === 'memberOrAdmin')];
	return {
		displayName: 'Request Options',
		name: 'requestOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...options].sort(byDisplayName),
	};
}

/**
 * Request Options for every operation, derived from its routes: Act As and Path Root only where the routes run
 * in a member's Dropbox, "Team Admin" only where every such route allows it, retries everywhere. One collection
 * per resource and kind, shown for that resource's operations of that kind.
 */
export function requestOptionsProperties(resources: ResourceDefinition[]): INodeProperties[] {
	return resources.flatMap((resource) => {
		const byVariant = new Map<Variant, string[]>();
		for (const op of resource.operations) {
			const variant = variantOf(op.routes);
			byVariant.set(variant, [...(byVariant.get(variant) ?? []), op.operation]);
		}
		return [...byVariant].map(([variant, operations]) => ({
			...requestOptionsCollection(variant),
			displayOptions: { show: { resource: [resource.value], operation: operations.sort() } },
		}));
	});
}

/** The app kind of the credential, so team-only and member-only mistakes fail before any request. */
export type AppType = 'user' | 'team';

/** Where clientOptionsFor looks up a member given by email: the node's context, and the execution's answers. */
export interface MemberLookup {
	fn: DropboxContext;
	/** Team member IDs by lower-cased email, shared by the items of one execution. */
	memberIds?: Map<string, Promise<string>>;
}

/**
 * The client options of an operation's Request Options, checked against its routes and the credential's app
 * type before any request. A member given by email is looked up (team/members/get_info_v2, once per execution).
 */
export async function clientOptionsFor(
	raw: IDataObject,
	routes: string[],
	appType: AppType,
	check: InputChecker,
	itemIndex: number,
	lookup?: MemberLookup,
): Promise<ClientOptions> {
	const actAs = (raw.actAs as string | undefined) ?? 'self';
	const needsMember = routes.some((route) => routeInfo(route).auth.includes('user'));
	const teamRoutes = routes.some((route) => routeInfo(route).auth === 'team');
	if (appType === 'user') {
		if (teamRoutes)
			check.fail('Credential', 'is a personal (user-linked) app', 'Team operations need a team-linked Dropbox Business app: create one in the App Console and choose "Team" as the App Type in the credential.');
		if (actAs !== 'self')
			check.fail('Act As', `"${actAs}" needs a team app`, 'Set Act As to "Connected Account" under Request Options, or use a team-linked credential.');
	} else if (needsMember && actAs === 'self') {
		check.fail('Act As', 'is "Connected Account", but a team app has no Dropbox of its own', 'Under Request Options, set Act As to "Team Member" (or "Team Admin") and choose the Team Member.');
	}
	const notForAdmin = actAs === 'admin' && userRoutes(routes).find((route) => !routeInfo(route).selectAdmin);
	if (notForAdmin)
		check.fail('Act As', `Dropbox does not let a team admin call "${notForAdmin}" as admin`, 'Under Request Options, set Act As to "Team Member" and choose the member whose Dropbox this should run in.');
	const team: TeamContext = {};
	const pathRoot = (raw.pathRoot as string | undefined) ?? 'home';
	if (pathRoot === 'teamSpace') team.pathRoot = 'teamSpace';
	if (pathRoot === 'namespace') {
		const namespaceId = check.required('Namespace', locatorText(raw.namespaceId));
		if (!new RegExp(`^${NAMESPACE_ID_REGEX}$`).test(namespaceId))
			check.fail('Namespace', `"${namespaceId}" is not a namespace ID`, 'A namespace ID is a number, as in "root_namespace_id" of Account → Get Current, "shared_folder_id" or "team_folder_id"; or pick the namespace From List.');
		team.pathRoot = { '.tag': 'namespace_id', namespace_id: namespaceId };
	}
	const retry: RetryPolicy = {
		maxAttempts: Math.max(1, Math.floor(Number(raw.maxAttempts ?? defaultMaxAttempts))),
		maxWaitMs: Math.max(0, Number(raw.maxWaitSeconds ?? defaultMaxWaitSeconds)) * 1000,
	};
	if (actAs !== 'self') {
		check.required('Team Member', locatorText(raw.teamMemberId));
		// Checked before any call; an email is looked up with a team call (no Select-User), the execution's answers kept.
		const teamClient = lookup ? new DropboxClient(lookup.fn, { retry, itemIndex }) : unavailableLookup(check);
		const memberId = await resolveTeamMember(check, 'Team Member', raw.teamMemberId, teamClient, lookup?.memberIds);
		if (actAs === 'admin') team.selectAdmin = memberId;
		else team.selectUser = memberId;
	}
	return { team, retry, itemIndex };
}

/** The text of a locator value, or of a plain string saved before the parameter was a locator. */
function locatorText(value: unknown): string {
	const raw = typeof value === 'object' && value !== null ? (value as IDataObject).value : value;
	return raw === undefined || raw === null ? '' : String(raw).trim();
}

/** Without a context to call Dropbox from, a member can only be given by ID. */
function unavailableLookup(check: InputChecker): Pick<DropboxClient, 'rpc'> {
	return {
		rpc: async () => check.fail('Team Member', 'is an email address, which cannot be looked up here', 'Choose the member From List or By ID.'),
	};
}
