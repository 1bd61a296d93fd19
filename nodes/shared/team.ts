// Team context shared by the action node and the triggers: the team member and namespace locators, their
// listSearch methods, and turning a member given by email into a team_member_id.
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodeParameterResourceLocator,
	INodeProperties,
	INodePropertyMode,
} from 'n8n-workflow';

import { DropboxClient } from './client';
import type { InputChecker } from './validate';

const PAGE = 200;

/** What the member locator's modes accept (n8n wraps the editor's regexes in ^...$; the node checks again at run time). */
export const MEMBER_REGEX = {
	/** A team member ID as Dropbox writes it: "dbmid:" and URL-safe base64. */
	id: 'dbmid:[A-Za-z0-9_-]+',
	/** An email address, loosely: Dropbox has the last word on whether it is a member's. */
	email: '[^@\\s]+@[^@\\s]+\\.[^@\\s]+',
} as const;

const EXAMPLE_ID = 'dbmid:AAHhy7WsR0x-u4ZCqiDl5Fz5zvuL3kmspwU';
const EXAMPLE_EMAIL = 'name@example.com';

const matches = (regex: string, value: string) => new RegExp(`^${regex}$`).test(value);

/** A string mode whose value the editor checks; an empty value passes (n8n's "required" check speaks for it). */
function checkedMode(mode: Omit<INodePropertyMode, 'type' | 'validation'>, regex: string, errorMessage: string): INodePropertyMode {
	return { ...mode, type: 'string', validation: [{ type: 'regex', properties: { regex: `(?:${regex})?`, errorMessage } }] };
}

/** The modes of a team member locator: From List (name and email), By Email, By ID. */
export const TEAM_MEMBER_MODES: INodePropertyMode[] = [
	{
		displayName: 'From List',
		name: 'list',
		type: 'list',
		typeOptions: { searchListMethod: 'searchTeamMembers', searchable: true },
	},
	checkedMode(
		{ displayName: 'By Email', name: 'email', placeholder: EXAMPLE_EMAIL },
		MEMBER_REGEX.email,
		`Not an email address, such as ${EXAMPLE_EMAIL}`,
	),
	checkedMode(
		{ displayName: 'By ID', name: 'id', placeholder: EXAMPLE_ID },
		MEMBER_REGEX.id,
		`Not a team member ID: use the "team_member_id" of the member, such as ${EXAMPLE_ID}`,
	),
];

/** A team member picked from the team's list, or given by email or team member ID. */
export function teamMemberLocator(name: string, displayName: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: TEAM_MEMBER_MODES,
		...extra,
	};
}

/** The locator's value as mode and text; a plain string (an expression, an old parameter) is taken by its form. */
export function memberLocatorValue(value: unknown): { mode: string; value: string } {
	const locator = (typeof value === 'object' && value !== null ? value : { mode: '', value }) as INodeParameterResourceLocator;
	const text = String(locator.value ?? '').trim();
	const mode = locator.mode === 'list' || !locator.mode ? (text.includes('@') ? 'email' : 'id') : locator.mode;
	return { mode, value: text };
}

/**
 * Checks a member locator value before any call: "" when empty, otherwise its team member ID, or its email
 * (marked so by `email: true`) for `resolveTeamMember` to look up.
 */
export function checkTeamMember(check: InputChecker, displayName: string, value: unknown): { email: boolean; value: string } {
	const { mode, value: text } = memberLocatorValue(value);
	if (!text) return { email: false, value: '' };
	if (mode === 'email') {
		if (!matches(MEMBER_REGEX.email, text))
			check.fail(displayName, `"${text}" is not an email address`, `Give the email address of a team member, such as ${EXAMPLE_EMAIL}, or choose the member From List.`);
		return { email: true, value: text };
	}
	if (!matches(MEMBER_REGEX.id, text))
		check.fail(displayName, `"${text}" is not a team member ID`, `Team member IDs start with "dbmid:", such as ${EXAMPLE_ID}; choose By Email to give an email address, or pick the member From List.`);
	return { email: false, value: text };
}

/**
 * The team_member_id a locator points at. An email is looked up with team/members/get_info_v2 (a team route,
 * so `teamClient` must carry no Select-User); `cache` keeps the answers of one execution.
 */
export async function resolveTeamMember(
	check: InputChecker,
	displayName: string,
	value: unknown,
	teamClient: Pick<DropboxClient, 'rpc'>,
	cache?: Map<string, Promise<string>>,
): Promise<string> {
	const checked = checkTeamMember(check, displayName, value);
	if (!checked.email) return checked.value;
	const key = checked.value.toLowerCase();
	let found = cache?.get(key);
	if (!found) {
		found = lookUpEmail(check, displayName, checked.value, teamClient);
		// A failed look-up is not kept: the next item asks again.
		found.catch(() => cache?.delete(key));
		cache?.set(key, found);
	}
	return await found;
}

async function lookUpEmail(check: InputChecker, displayName: string, email: string, teamClient: Pick<DropboxClient, 'rpc'>): Promise<string> {
	const answer = await teamClient.rpc<{ members_info?: IDataObject[] }>('team/members/get_info_v2', {
		members: [{ '.tag': 'email', email }],
	});
	const info = answer.members_info?.[0];
	const profile = info?.['.tag'] === 'member_info' ? (info.profile as IDataObject | undefined) : undefined;
	if (typeof profile?.team_member_id !== 'string')
		return check.fail(displayName, `no member of the team has the email "${email}"`, 'Check the address (Dropbox matches a member\'s primary email), or pick the member From List.');
	return profile.team_member_id;
}

/** A namespace ID: digits, as in "root_namespace_id", "shared_folder_id" or "team_folder_id". */
export const NAMESPACE_ID_REGEX = '[0-9]+';

/**
 * Path Root "Namespace": a namespace of the team From List, or By ID. Named "namespaceId" as when it was a plain
 * string, so saved workflows keep their namespace (a plain string is read as By ID).
 */
export const namespaceLocator: INodeProperties = {
	displayName: 'Namespace',
	name: 'namespaceId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description: 'With Path Root "Namespace": the namespace (team folder, shared folder or member folder) paths are relative to',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchTeamNamespaces', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '1234567890',
			validation: [{ type: 'regex', properties: { regex: `(?:${NAMESPACE_ID_REGEX})?`, errorMessage: 'Not a namespace ID: a number, such as 1234567890' } }],
		},
	],
};

const matchesFilter = (filter: string | undefined, ...texts: unknown[]) =>
	!filter || texts.some((text) => typeof text === 'string' && text.toLowerCase().includes(filter.toLowerCase()));

/**
 * The team's members, page by page, by name and email; the value is the team_member_id. Dropbox has no member
 * search, so the filter applies to each page (an empty page with a token means "load more").
 * Team routes: the client carries no Select-User, whatever Act As says.
 */
export async function searchTeamMembers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const dropbox = new DropboxClient(this);
	const page = paginationToken
		? await dropbox.rpc<IDataObject>('team/members/list/continue_v2', { cursor: paginationToken })
		: await dropbox.rpc<IDataObject>('team/members/list_v2', { limit: PAGE });
	const results: INodeListSearchItems[] = [];
	for (const member of (page.members as Array<{ profile?: IDataObject }> | undefined) ?? []) {
		const profile = member.profile ?? {};
		const name = String((profile.name as IDataObject | undefined)?.display_name ?? '');
		const email = String(profile.email ?? '');
		if (!matchesFilter(filter, name, email)) continue;
		const status = String((profile.status as IDataObject | undefined)?.['.tag'] ?? 'active');
		const label = `${name ? `${name} <${email}>` : email}${status === 'active' ? '' : ` (${status})`}`;
		results.push({ name: label, value: String(profile.team_member_id) });
	}
	return { results, paginationToken: page.has_more === true && typeof page.cursor === 'string' ? page.cursor : undefined };
}

const KINDS: Record<string, string> = {
	app_folder: 'app folder',
	shared_folder: 'shared folder',
	team_folder: 'team folder',
	team_member_folder: 'member folder',
	team_member_root: 'member root',
};

/**
 * The team's namespaces (team folders, shared folders, members' folders) for Path Root "Namespace", page by page;
 * the filter applies to each page's names (Dropbox has no namespace search). A team route: no Select-User.
 */
export async function searchTeamNamespaces(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const dropbox = new DropboxClient(this);
	const page = paginationToken
		? await dropbox.rpc<IDataObject>('team/namespaces/list/continue', { cursor: paginationToken })
		: await dropbox.rpc<IDataObject>('team/namespaces/list', { limit: PAGE });
	const results: INodeListSearchItems[] = [];
	for (const namespace of (page.namespaces as IDataObject[] | undefined) ?? []) {
		const name = String(namespace.name ?? '');
		if (filter && !name.toLowerCase().includes(filter.toLowerCase())) continue;
		const tag = String((namespace.namespace_type as IDataObject | undefined)?.['.tag'] ?? '');
		results.push({ name: `${name} (${KINDS[tag] ?? tag})`, value: String(namespace.namespace_id) });
	}
	return { results, paginationToken: page.has_more === true && typeof page.cursor === 'string' ? page.cursor : undefined };
}
