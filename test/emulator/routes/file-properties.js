// @ts-check
'use strict';

const { routeError } = require('../answers');
const { decodeArg } = require('../files/common');
const { callerOf, mustExist, Fail } = require('../files/ops');
const P = require('../files/properties');

/**
 * file_properties: templates (user- and team-owned) and the properties/* routes that set them on entries.
 * Reading properties is files/get_metadata and files/list_folder with include_property_groups (meta.js).
 * See files/properties.js for the assumptions.
 *
 * @typedef {import('../dispatch').Context} Context
 */

/** @param {Context} ctx @param {'user'|'team'} kind @returns {string} */
function ownerOf(ctx, kind) {
	if (kind === 'team') {
		const team = ctx.state.store.team;
		if (!team) throw new Error('no team in this stand-in');
		return `team:${team.team_id}`;
	}
	return `user:${ctx.caller.user().account_id}`;
}

/** @param {Context} ctx @param {'user'|'team'} kind */
function addTemplate(ctx, kind) {
	const arg = decodeArg(ctx, P.T.AddTemplateArg);
	const bytes = (/** @type {string} */ s) => Buffer.byteLength(s, 'utf8');
	if (bytes(arg.name) > P.LIMITS.templateName || bytes(arg.description) > P.LIMITS.templateDescription || arg.fields.some((/** @type {any} */ f) => bytes(f.name) > P.LIMITS.fieldName))
		throw routeError({ '.tag': 'template_attribute_too_large' });
	if (arg.fields.length > P.LIMITS.fieldsPerTemplate) throw routeError({ '.tag': 'too_many_properties' });
	if (new Set(arg.fields.map((/** @type {any} */ f) => f.name)).size !== arg.fields.length) throw routeError({ '.tag': 'conflicting_property_names' });
	const id = P.newTemplateId();
	P.propertiesOf(ctx.state.store).templates.set(id, { owner: ownerOf(ctx, kind), name: arg.name, description: arg.description, fields: arg.fields });
	return { template_id: id };
}

/** @param {Context} ctx @param {'user'|'team'} kind */
function listTemplates(ctx, kind) {
	const owner = ownerOf(ctx, kind);
	return { template_ids: [...P.propertiesOf(ctx.state.store).templates].filter(([, t]) => t.owner === owner).map(([id]) => id) };
}

/** @param {Context} ctx @param {'user'|'team'} kind */
function getTemplate(ctx, kind) {
	const arg = decodeArg(ctx, P.T.GetTemplateArg);
	const template = P.propertiesOf(ctx.state.store).templates.get(arg.template_id);
	if (!template || template.owner !== ownerOf(ctx, kind)) throw routeError({ '.tag': 'template_not_found', template_not_found: arg.template_id });
	return { name: template.name, description: template.description, fields: template.fields };
}

/**
 * The entry a properties/* route names (PropertiesError.path: a LookupError).
 * @param {Context} ctx @param {string} path
 */
function entryAt(ctx, path) {
	const c = callerOf(ctx);
	try {
		return { c, entry: mustExist(c, path).entry };
	} catch (error) {
		if (error instanceof Fail) throw routeError({ '.tag': 'path', path: error.value });
		throw error;
	}
}

/** @param {Context} ctx @param {any} arg @param {{ mustBeNew: boolean }} options */
function setProperties(ctx, arg, { mustBeNew }) {
	const { c, entry } = entryAt(ctx, arg.path);
	const problem = P.groupProblem(c.store, c.account, arg.property_groups, entry.tag === 'folder' ? 'folder' : 'file');
	if (problem) throw routeError(problem);
	if (mustBeNew && P.groupsFor(c.store, entry.id, arg.property_groups.map((/** @type {any} */ g) => g.template_id)))
		throw routeError({ '.tag': 'property_group_already_exists' });
	P.setGroups(c.store, entry.id, arg.property_groups);
	return null;
}

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	'file_properties/templates/add_for_user': (ctx) => addTemplate(ctx, 'user'),
	'file_properties/templates/add_for_team': (ctx) => addTemplate(ctx, 'team'),
	'file_properties/templates/list_for_user': (ctx) => listTemplates(ctx, 'user'),
	'file_properties/templates/list_for_team': (ctx) => listTemplates(ctx, 'team'),
	'file_properties/templates/get_for_user': (ctx) => getTemplate(ctx, 'user'),
	'file_properties/templates/get_for_team': (ctx) => getTemplate(ctx, 'team'),
	'file_properties/properties/add': (ctx) => setProperties(ctx, decodeArg(ctx, P.T.AddPropertiesArg), { mustBeNew: true }),
	'file_properties/properties/overwrite': (ctx) => setProperties(ctx, decodeArg(ctx, P.T.OverwritePropertyGroupArg), { mustBeNew: false }),
	'file_properties/properties/remove': (ctx) => {
		const arg = decodeArg(ctx, P.T.RemovePropertiesArg);
		const { c, entry } = entryAt(ctx, arg.path);
		const mine = P.propertiesOf(c.store).groups.get(entry.id);
		for (const id of arg.property_template_ids) {
			const template = P.propertiesOf(c.store).templates.get(id);
			if (!template || !P.usableBy(c.store, c.account, template)) throw routeError({ '.tag': 'template_not_found', template_not_found: id });
			if (!mine?.has(id)) throw routeError({ '.tag': 'property_group_lookup', property_group_lookup: { '.tag': 'property_group_not_found' } });
		}
		for (const id of arg.property_template_ids) mine?.delete(id);
		return null;
	},
};
