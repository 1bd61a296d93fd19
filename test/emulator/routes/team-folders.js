// @ts-check
'use strict';

const { routeError } = require('../answers');
const { tag } = require('../views');
const { createTeamFolder } = require('../world');

/**
 * Team folders as an admin app manages them. Each is a namespace of kind team_folder, mounted at the root of the
 * team space; a team with a team space also lists the team space itself (is_team_shared_dropbox). States: active,
 * archived, archive_in_progress (while an archive job runs, for `archivePolls` checks) and permanently deleted.
 * Assumptions where Dropbox's documentation is silent are marked "Assumed" and listed in the README.
 *
 * @typedef {import('../dispatch').Context} Context
 * @typedef {import('../store').Team} Team
 * @typedef {import('../store').TeamFolder} TeamFolder
 */

/** @param {Context} ctx */
const teamOf = (ctx) => /** @type {Team} */ (ctx.state.store.team);
/** @param {Context} ctx */
const foldersOf = (ctx) => (teamOf(ctx).teamFolders ??= new Map());
const hasTeamSpace = (/** @type {Context} */ ctx) => teamOf(ctx).teamSpace !== false;

/** team.TeamFolderMetadata @param {TeamFolder} f */
const metadata = (f) => ({
	team_folder_id: f.team_folder_id,
	name: f.name,
	status: tag(f.status === 'deleted' ? 'archived' : f.status),
	is_team_shared_dropbox: false,
	sync_setting: tag(f.sync_setting),
	content_sync_settings: f.content_sync_settings.map((s) => ({ id: s.id, sync_setting: tag(s.sync_setting) })),
});

/** The team space as team_folder/list shows it, for teams that have one. @param {Context} ctx */
const teamSpaceRow = (ctx) => ({
	team_folder_id: teamOf(ctx).root_namespace_id,
	name: teamOf(ctx).name,
	status: tag('active'),
	is_team_shared_dropbox: true,
	sync_setting: tag('default'),
	content_sync_settings: [],
});

const NAME_RESERVED = new Set(['.', '..']);

/** A name Dropbox refuses (TeamFolderCreateError / TeamFolderRenameError tags), or none. @param {Context} ctx @param {unknown} name @param {TeamFolder} [self] */
function nameProblem(ctx, name, self) {
	if (typeof name !== 'string' || !name.trim() || /[/\\<>:"|?*\u0000-\u001f]/.test(name) || name.endsWith(' ') || name.endsWith('.')) return 'invalid_folder_name';
	if (NAME_RESERVED.has(name)) return 'folder_name_reserved';
	const lower = name.toLowerCase();
	const taken = [...foldersOf(ctx).values()].some((f) => f !== self && f.status !== 'deleted' && f.name.toLowerCase() === lower);
	const inSpace = hasTeamSpace(ctx) && ctx.state.store.lookup(teamOf(ctx).root_namespace_id, `/${name}`) && self?.name.toLowerCase() !== lower;
	return taken || inSpace ? 'folder_name_already_used' : undefined;
}

/**
 * The team folder an id names, else access_error/invalid_team_folder_id; the team space itself is refused with
 * team_shared_dropbox_error/disallowed.
 * @param {Context} ctx @param {{ allowDeleted?: boolean }} [options]
 */
function folderOf(ctx, options = {}) {
	const id = ctx.arg.team_folder_id;
	if (typeof id !== 'string' || !/^[0-9]+$/.test(id)) throw ctx.argError('team_folder_id', `'${id}' did not match pattern '[-_0-9a-zA-Z:]+'`);
	if (hasTeamSpace(ctx) && id === teamOf(ctx).root_namespace_id) throw routeError({ '.tag': 'team_shared_dropbox_error', team_shared_dropbox_error: tag('disallowed') });
	const folder = foldersOf(ctx).get(id);
	if (!folder || (folder.status === 'deleted' && !options.allowDeleted))
		throw routeError({ '.tag': 'access_error', access_error: tag('invalid_team_folder_id') });
	return folder;
}

/** status_error/<current status> when the folder is not in one of `allowed`. @param {TeamFolder} folder @param {string[]} allowed */
function needStatus(folder, allowed) {
	if (!allowed.includes(folder.status)) throw routeError({ '.tag': 'status_error', status_error: tag(folder.status === 'deleted' ? 'archived' : folder.status) });
}

/** @param {Context} ctx @param {TeamFolder} folder */
function mountName(ctx, folder) {
	const ns = ctx.state.store.namespace(folder.team_folder_id);
	return ns.mountedIn?.path_lower;
}

/** A page of team_folder/list from `start`. */
function listPage(/** @type {Context} */ ctx, /** @type {number} */ start, /** @type {number} */ limit) {
	const rows = [...(hasTeamSpace(ctx) ? [teamSpaceRow(ctx)] : []), ...[...foldersOf(ctx).values()].filter((f) => f.status !== 'deleted').map(metadata)];
	const page = rows.slice(start, start + limit);
	const next = start + page.length;
	return { team_folders: page, cursor: Buffer.from(JSON.stringify({ tf: next, limit })).toString('base64url'), has_more: next < rows.length };
}

const SYNC = ['default', 'not_synced'];
/** @param {Context} ctx @param {any} value @param {string} field */
function syncSetting(ctx, value, field) {
	const t = typeof value === 'string' ? value : value?.['.tag'];
	if (!SYNC.includes(t)) throw ctx.argError(field, `unknown tag '${t}'`);
	return /** @type {'default'|'not_synced'} */ (t);
}

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	// Assumed: Dropbox refuses the route for teams with a team space as a route error `other` (the spec's
	// TeamFolderCreateError has no tag for it); the documentation says only that it "cannot be used" there.
	'team/team_folder/create': (ctx) => {
		if (hasTeamSpace(ctx)) throw routeError({ '.tag': 'other' });
		const problem = nameProblem(ctx, ctx.arg.name);
		if (problem) throw routeError({ '.tag': problem });
		const folder = createTeamFolder(ctx.state.store, teamOf(ctx), ctx.arg.name);
		if (ctx.arg.sync_setting !== undefined) folder.sync_setting = syncSetting(ctx, ctx.arg.sync_setting, 'sync_setting');
		return metadata(folder);
	},

	'team/team_folder/list': (ctx) => {
		const limit = ctx.arg?.limit ?? 1000;
		if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw ctx.argError('limit', `${limit} is not within range [1, 1000]`);
		return listPage(ctx, 0, limit);
	},

	'team/team_folder/list/continue': (ctx) => {
		let position;
		try {
			position = JSON.parse(Buffer.from(String(ctx.arg.cursor), 'base64url').toString('utf8'));
		} catch {
			throw routeError({ '.tag': 'invalid_cursor' });
		}
		if (!Number.isInteger(position?.tf) || !Number.isInteger(position?.limit)) throw routeError({ '.tag': 'invalid_cursor' });
		return listPage(ctx, position.tf, position.limit);
	},

	'team/team_folder/get_info': (ctx) => {
		const ids = ctx.arg.team_folder_ids;
		if (!Array.isArray(ids)) throw ctx.argError('team_folder_ids', 'expected list');
		if (ids.length > 100) throw ctx.argError('team_folder_ids', 'list has more than 100 items');
		return ids.map((id) => {
			const folder = foldersOf(ctx).get(String(id));
			if (hasTeamSpace(ctx) && id === teamOf(ctx).root_namespace_id) return { '.tag': 'team_folder_metadata', ...teamSpaceRow(ctx) };
			return folder && folder.status !== 'deleted' ? { '.tag': 'team_folder_metadata', ...metadata(folder) } : { '.tag': 'id_not_found', id_not_found: String(id) };
		});
	},

	'team/team_folder/rename': (ctx) => {
		const folder = folderOf(ctx);
		needStatus(folder, ['active']);
		const problem = nameProblem(ctx, ctx.arg.name, folder);
		if (problem) throw routeError({ '.tag': problem });
		const { store } = ctx.state;
		const at = mountName(ctx, folder);
		if (at !== undefined) {
			// The mount point in the team space follows the name.
			const root = teamOf(ctx).root_namespace_id;
			store.remove(root, at);
			store.mount(root, `/${ctx.arg.name}`, folder.team_folder_id);
		}
		folder.name = ctx.arg.name;
		store.namespace(folder.team_folder_id).name = ctx.arg.name;
		return metadata(folder);
	},

	// Assumed: refused for teams with a team space as team_shared_dropbox_error/disallowed (BaseTeamFolderError's
	// tag for "not allowed for a shared team root"). Otherwise a job unless force_async_off.
	'team/team_folder/archive': (ctx) => {
		if (hasTeamSpace(ctx)) throw routeError({ '.tag': 'team_shared_dropbox_error', team_shared_dropbox_error: tag('disallowed') });
		const folder = folderOf(ctx);
		needStatus(folder, ['active']);
		if (ctx.arg.force_async_off === true) {
			folder.status = 'archived';
			return { '.tag': 'complete', ...metadata(folder) };
		}
		folder.status = 'archive_in_progress';
		const team = teamOf(ctx);
		const job = ctx.state.files.newJob('team/team_folder/archive/check', team.team_id, Promise.resolve({ status: 'complete', value: folder.team_folder_id }));
		// The job answers in_progress to the first `archivePolls` checks (the runtime counts from its own option,
		// asyncJobPolls, default 1); the folder stays archive_in_progress until a check sees the job complete.
		job.polls = 1 - (team.archivePolls ?? 2);
		return { '.tag': 'async_job_id', async_job_id: job.id };
	},

	'team/team_folder/archive/check': (ctx) => {
		const id = ctx.arg.async_job_id;
		if (typeof id !== 'string') throw ctx.argError('async_job_id', 'expected string');
		const state = ctx.state.files.poll(id, ctx.route.id, teamOf(ctx).team_id);
		if (!state) throw routeError({ '.tag': 'invalid_async_job_id' });
		if (state.status === 'in_progress') return tag('in_progress');
		const folder = foldersOf(ctx).get(String(state.value));
		if (!folder) return { '.tag': 'failed', failed: { '.tag': 'access_error', access_error: tag('invalid_team_folder_id') } };
		if (folder.status === 'archive_in_progress') folder.status = 'archived';
		return { '.tag': 'complete', ...metadata(folder) };
	},

	'team/team_folder/activate': (ctx) => {
		const folder = folderOf(ctx);
		needStatus(folder, ['archived']);
		folder.status = 'active';
		return metadata(folder);
	},

	'team/team_folder/permanently_delete': (ctx) => {
		const folder = folderOf(ctx);
		needStatus(folder, ['archived']);
		folder.status = 'deleted';
		const at = mountName(ctx, folder);
		if (at !== undefined) ctx.state.store.remove(teamOf(ctx).root_namespace_id, at);
		return null;
	},

	// Assumed: restore brings back a permanently deleted team folder as archived (the route is a preview and its
	// documentation says only "restores"); any other state is status_error.
	'team/team_folder/restore': (ctx) => {
		const folder = folderOf(ctx, { allowDeleted: true });
		if (folder.status !== 'deleted') throw routeError({ '.tag': 'status_error', status_error: tag(folder.status) });
		folder.status = 'archived';
		return metadata(folder);
	},

	'team/team_folder/update_sync_settings': (ctx) => {
		const folder = folderOf(ctx);
		needStatus(folder, ['active']);
		const { sync_setting: sync, content_sync_settings: content } = ctx.arg;
		if (sync !== undefined) folder.sync_setting = syncSetting(ctx, sync, 'sync_setting');
		if (content !== undefined) {
			if (!Array.isArray(content)) throw ctx.argError('content_sync_settings', 'expected list');
			for (const [i, row] of content.entries()) {
				if (typeof row?.id !== 'string' || !/^id:.+/.test(row.id)) throw ctx.argError(`content_sync_settings[${i}].id`, `'${row?.id}' did not match pattern 'id:.+'`);
				const setting = syncSetting(ctx, row.sync_setting, `content_sync_settings[${i}].sync_setting`);
				const where = ctx.state.store.byId.get(row.id);
				if (!where || where.ns !== folder.team_folder_id) throw routeError({ '.tag': 'sync_settings_error', sync_settings_error: { '.tag': 'path', path: tag('not_found') } });
				folder.content_sync_settings = [...folder.content_sync_settings.filter((/** @type {{ id: string }} */ s) => s.id !== row.id), { id: row.id, sync_setting: setting }];
			}
		}
		return metadata(folder);
	},
};
