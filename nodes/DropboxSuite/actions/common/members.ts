// Members of shared folders and files as Dropbox's sharing routes take them (sharing.stone's MemberSelector):
// an email address or a Dropbox account ID. Shared by the Shared Folder and Shared File operations.
import type { IDataObject, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';

import type { InputChecker } from '../../../shared/validate';

/** sharing.MemberSelector: who a sharing call is about. */
export type MemberSelector = { '.tag': 'email'; email: string } | { '.tag': 'dropbox_id'; dropbox_id: string };

/** Access levels a member can be given (AccessLevel without owner, which only Transfer Ownership grants). */
export type MemberAccessLevel = 'editor' | 'viewer' | 'viewer_no_comment';

/** common.EmailAddress as Dropbox's spec defines it (at most 255 characters). */
export const EMAIL_PATTERN = "['#&A-Za-z0-9._%+-]+@[A-Za-z0-9-][A-Za-z0-9.-]*\\.[A-Za-z]{2,15}";
/** A Dropbox account ID: "dbid:" and 35 more characters, 40 in all (users.stone's AccountId has length 40). */
export const ACCOUNT_ID_PATTERN = 'dbid:[A-Za-z0-9_-]{35}';

const EMAIL = new RegExp(`^${EMAIL_PATTERN}$`);
const ACCOUNT_ID = new RegExp(`^${ACCOUNT_ID_PATTERN}$`);

const HOW =
	'Give an email address such as ana@example.com, or a Dropbox account ID starting with "dbid:" (the "account_id" of Account → Get Current or of a member list).';

/** Fields of an object in a member list that name the member, the most exact first. */
const OBJECT_FIELDS = ['account_id', 'dropbox_id', 'email'] as const;

/**
 * The text of one member: a string, or an object naming one (an account, an item of List Members with its `user`
 * or `invitee`, or anything with an email field).
 */
function memberText(value: unknown): string {
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const object = value as IDataObject;
		for (const candidate of [object.user, object, object.invitee] as Array<IDataObject | undefined>)
			for (const field of OBJECT_FIELDS) if (typeof candidate?.[field] === 'string' && candidate[field]) return (candidate[field] as string).trim();
		return '';
	}
	return value === undefined || value === null ? '' : String(value).trim();
}

/** One member as an email address or "dbid:" account ID, checked for shape before any call. */
export function memberSelector(check: InputChecker, parameter: string, value: unknown): MemberSelector {
	const text = memberText(value);
	if (!text) check.fail(parameter, 'is empty', HOW);
	if (text.startsWith('dbid:')) {
		if (!ACCOUNT_ID.test(text)) check.fail(parameter, `"${text}" is not a Dropbox account ID`, `An account ID is 40 characters long and starts with "dbid:". ${HOW}`);
		return { '.tag': 'dropbox_id', dropbox_id: text };
	}
	if (text.length > 255 || !EMAIL.test(text)) {
		const hint = text.includes('@') ? 'It does not have the shape of an email address (name@domain.tld).' : 'It is neither an email address nor an account ID.';
		check.fail(parameter, `"${text}" is not an email address`, `${hint} ${HOW}`);
	}
	return { '.tag': 'email', email: text };
}

/**
 * Several members, as the user has them: a comma- or newline-separated text, an array of strings, or an array of
 * objects with email / account_id (such as another node's member list). Each is checked; duplicates are kept once.
 */
export function memberSelectors(check: InputChecker, parameter: string, value: unknown): MemberSelector[] {
	const entries = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\n,;]/) : [value];
	const texts = entries.map(memberText).filter(Boolean);
	if (!texts.length) check.fail(parameter, 'is empty', `Give at least one member, separated by commas. ${HOW}`);
	const seen = new Set<string>();
	const out: MemberSelector[] = [];
	for (const text of texts) {
		const selector = memberSelector(check, parameter, text);
		const key = selectorKey(selector);
		if (seen.has(key)) continue;
		seen.add(key);
		out.push(selector);
	}
	return out;
}

/** A key that tells members apart (emails are case-insensitive). */
export function selectorKey(selector: MemberSelector): string {
	return selector['.tag'] === 'email' ? `email:${selector.email.toLowerCase()}` : `id:${selector.dropbox_id}`;
}

/** The member a member locator points at (From List gives an account ID or an email; By Email / By Account ID). */
export function locatorMember(check: InputChecker, parameter: string, value: unknown): MemberSelector {
	const locator = (typeof value === 'object' && value !== null && 'value' in value ? value : { value }) as INodeParameterResourceLocator;
	return memberSelector(check, parameter, locator.value);
}

/** A member picked from the members of a shared folder or file (a listSearch method), or given by email or account ID. */
export function memberLocator(name: string, displayName: string, searchListMethod: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod, searchable: true } },
			{
				displayName: 'By Email',
				name: 'email',
				type: 'string',
				placeholder: 'ana@example.com',
				validation: [{ type: 'regex', properties: { regex: `(?:${EMAIL_PATTERN})?`, errorMessage: 'Not an email address, such as ana@example.com' } }],
			},
			{
				displayName: 'By Account ID',
				name: 'id',
				type: 'string',
				placeholder: 'dbid:AAEufNrMPSPe0dMQijRP0N_aZtBJRm26W4Q',
				validation: [{ type: 'regex', properties: { regex: `(?:${ACCOUNT_ID_PATTERN})?`, errorMessage: 'Not a Dropbox account ID: 40 characters starting with "dbid:"' } }],
			},
		],
		...extra,
	};
}

/** Access Level for members added or updated (Dropbox refuses "owner" here). */
export function accessLevelField(name = 'accessLevel', defaultLevel: MemberAccessLevel = 'viewer'): INodeProperties {
	return {
		displayName: 'Access Level',
		name,
		type: 'options',
		options: [
			{ name: 'Editor', value: 'editor', description: 'Can view and edit' },
			{ name: 'Viewer', value: 'viewer', description: 'Can view and comment' },
			{ name: 'Viewer (No Comment)', value: 'viewer_no_comment', description: 'Can view, without access to comments' },
		],
		default: defaultLevel,
	};
}

/** Members as text, one parameter: several as a list, or one per input item (an expression per item). */
export function membersField(name = 'members', extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Members',
		name,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'ana@example.com, dbid:AAEufNrMPSPe0dMQijRP0N_aZtBJRm26W4Q',
		description:
			'Email addresses or Dropbox account IDs ("dbid:..."), separated by commas or new lines; an expression may give an array. One member per input item works as well.',
		...extra,
	};
}
