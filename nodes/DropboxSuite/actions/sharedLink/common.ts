// What the Shared Link operations share: the link URL, the settings of a link, and Dropbox's settings errors
// explained.
import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { dropboxErrorOf } from '../../../shared/reconcile';
import { errorTags, rethrow } from '../../../shared/errors';
import type { InputChecker } from '../../../shared/validate';

/** Dropbox's shared link addresses: today's /scl/fi/ (files) and /scl/fo/ (folders), and the older /s/ and /sh/. */
const SHARED_LINK_URL = /^https:\/\/(?:www\.)?dropbox\.com\/(?:scl\/f[io]|s|sh)\/[A-Za-z0-9_-]+(?:\/[^\s?#]*)?(?:\?[^\s#]*)?$/;

export const EXAMPLE_URL = 'https://www.dropbox.com/scl/fi/k3vq2x8a9b0c1d2e3f4g5/report.pdf?rlkey=abc123&dl=0';

export const urlField: INodeProperties = {
	displayName: 'Shared Link URL',
	name: 'url',
	type: 'string',
	required: true,
	default: '',
	placeholder: EXAMPLE_URL,
	description: 'The shared link, as Dropbox gives it (the URL of a shared link)',
};

/** The shared link URL of an item, checked before any call. */
export function sharedLinkUrl(check: InputChecker, value: unknown): string {
	const url = check.required('Shared Link URL', value);
	if (!SHARED_LINK_URL.test(url)) {
		const hint = /^https?:\/\/(?:www\.)?dropbox\.com\/home/i.test(url)
			? 'This is an address of the Dropbox website, not a shared link: use Shared Link → Get or Create with the path to get a link.'
			: `Use the "url" of a Dropbox shared link, such as ${EXAMPLE_URL}.`;
		check.fail('Shared Link URL', `"${url}" is not a Dropbox shared link`, hint);
	}
	return url;
}

export const linkPasswordOption: INodeProperties = {
	displayName: 'Link Password',
	name: 'linkPassword',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	description: 'The password of a password-protected link',
};

export const pathInLinkOption: INodeProperties = {
	displayName: 'Path Inside Folder Link',
	name: 'pathInLink',
	type: 'string',
	default: '',
	placeholder: '/Invoices/2026-11.pdf',
	description: 'For a link to a folder: a file or subfolder inside it, relative to the linked folder',
};

/** get_shared_link_metadata's and get_shared_link_file's argument: the URL, a path inside a folder link, the password. */
export function openLinkArg(check: InputChecker, url: string, options: IDataObject): IDataObject {
	const arg: IDataObject = { url };
	const inside = String(options.pathInLink ?? '').trim();
	if (inside) {
		if (!inside.startsWith('/'))
			check.fail('Path Inside Folder Link', `"${inside}" does not start with "/"`, `Write the path relative to the linked folder, starting with "/": "/${inside}".`);
		arg.path = inside.replace(/\/+$/, '') || '/';
	}
	if (options.linkPassword) arg.link_password = String(options.linkPassword);
	return arg;
}

export const audienceField: INodeProperties = {
	displayName: 'Audience',
	name: 'audience',
	type: 'options',
	options: [
		{ name: 'Public', value: 'public', description: 'Anyone who has the link' },
		{ name: 'Team', value: 'team', description: 'Members of your Dropbox team (team accounts only)' },
		{ name: 'No One', value: 'no_one', description: 'Only people who already have access to the content; the link grants nothing' },
		{ name: 'Members', value: 'members', description: 'Members of the content (an audience Dropbox marks as deprecated)' },
	],
	default: 'public',
	description: 'Who can use the link',
};

export const accessField: INodeProperties = {
	displayName: 'Access',
	name: 'access',
	type: 'options',
	options: [
		{ name: 'Viewer', value: 'viewer', description: 'People with the link can view and comment' },
		{ name: 'Editor', value: 'editor', description: 'People with the link can also edit (not every file type supports it)' },
	],
	default: 'viewer',
	description: 'What the link lets people do',
};

const passwordOption: INodeProperties = {
	displayName: 'Password',
	name: 'password',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	description: 'A password people must enter to open the link (needs a paid Dropbox plan)',
};

const expiresOption: INodeProperties = {
	displayName: 'Expires',
	name: 'expires',
	type: 'dateTime',
	default: '',
	description: 'When the link stops working; must lie in the future (needs a paid Dropbox plan)',
};

const allowDownloadOption: INodeProperties = {
	displayName: 'Allow Download',
	name: 'allowDownload',
	type: 'boolean',
	default: true,
	description: 'Whether people with the link may download the content (turning it off needs a paid Dropbox plan)',
};

/** The optional settings of a new link, in the Options collection. */
export const linkSettingOptions: INodeProperties[] = [allowDownloadOption, expiresOption, passwordOption];

/** The settings of a link as the node reads them, checked; only what differs from Dropbox's defaults is set. */
export interface LinkSettings {
	audience: string;
	access: string;
	password?: string;
	expires?: string;
	allowDownload?: boolean;
}

/** Dropbox wants UTC without fractions: 2026-11-28T08:00:00Z. */
export function futureTimestamp(check: InputChecker, parameter: string, value: unknown): string {
	const date = new Date(String(value));
	if (Number.isNaN(date.getTime())) check.fail(parameter, `"${String(value)}" is not a date`, 'Give a date and time such as 2026-12-24T18:00:00Z.');
	if (date.getTime() <= Date.now())
		check.fail(parameter, `${date.toISOString()} is in the past`, 'A link cannot expire before it is made: choose a date and time in the future, for example {{ $now.plus({ days: 7 }) }}.');
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Audience, access and the options of a new link, checked before any call. */
export function readLinkSettings(check: InputChecker, param: <T>(name: string, fallback?: T) => T): LinkSettings {
	const options = param<IDataObject>('options', {});
	const settings: LinkSettings = { audience: param('audience', 'public'), access: param('access', 'viewer') };
	if (options.password) settings.password = String(options.password);
	if (options.expires) settings.expires = futureTimestamp(check, 'Expires', options.expires);
	if (options.allowDownload !== undefined) settings.allowDownload = options.allowDownload !== false;
	if (settings.password && settings.audience === 'no_one')
		check.fail('Password', 'cannot protect a link whose audience is "No One"', 'Such a link grants no access that a password could guard: choose the audience Public or Team, or leave the password out.');
	return settings;
}

/**
 * Dropbox's SharedLinkSettings for the settings: only what differs from its defaults (public, viewer, no password,
 * no expiry, downloads allowed), so that a link without settings gets Dropbox's metadata of an existing link.
 */
export function settingsArg(settings: LinkSettings): IDataObject | undefined {
	const arg: IDataObject = {};
	if (settings.audience !== 'public') arg.audience = settings.audience;
	if (settings.access !== 'viewer') arg.access = settings.access;
	if (settings.password) Object.assign(arg, { require_password: true, link_password: settings.password });
	if (settings.expires) arg.expires = settings.expires;
	if (settings.allowDownload === false) arg.allow_download = false;
	return Object.keys(arg).length ? arg : undefined;
}

/** "a", "a and b", "a, b and c". */
const andList = (parts: string[]) => (parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts.join(''));

/** The Dropbox error tags of a client error, e.g. settings_error, not_authorized. */
export const tagsOf = (error: unknown) => errorTags({ error: dropboxErrorOf(error) });

/**
 * Rethrows a settings_error with what to change: for not_authorized, the settings the account's plan does not
 * allow and which plan does; for invalid_settings, what Dropbox calls invalid. Other errors pass unchanged.
 */
export function explainSettingsError(node: INode, error: unknown, asked: IDataObject | undefined): never {
	const [first, reason] = tagsOf(error);
	const apiError = error as { description?: string | null };
	if (first === 'settings_error' && reason === 'not_authorized') {
		const paid = [
			asked?.require_password || asked?.link_password ? 'a password' : '',
			asked?.expires ? 'an expiry date' : '',
			asked?.allow_download === false ? 'turning downloads off' : '',
		].filter(Boolean);
		const parts = [
			paid.length ? `${andList(paid)} need${paid.length === 1 ? 's' : ''} a paid Dropbox plan (Plus, Essentials or Business; Basic accounts can only make links without them)` : '',
			asked?.audience === 'team' ? 'the audience "Team" needs a Dropbox Business team account' : '',
		].filter(Boolean);
		apiError.description =
			`Dropbox refused the link settings for this account's plan: ${parts.join('; ') || 'one of the settings needs another Dropbox plan'}. ` +
			'Leave those settings out, or upgrade the Dropbox account, then run again.';
	} else if (first === 'settings_error') {
		apiError.description =
			'Dropbox found the link settings invalid. Check that Expires lies in the future, that a password is given for a protected link, and that a link\'s access level is not being changed (Dropbox does not change it on an existing link).';
	} else if (first === 'shared_link_already_exists') {
		apiError.description = 'This file or folder already has a shared link. Use Shared Link → Get or Create to return it (and bring its settings in line), or Update Settings to change it.';
	}
	return rethrow(node, error);
}
