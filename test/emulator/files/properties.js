// @ts-check
'use strict';

const { str, list, struct, union, VOID } = require('../stone');
const { stableId } = require('../ids');

/**
 * File properties (Dropbox's file_properties namespace): templates owned by a user or by the team, and property
 * groups on files and folders. Types transcribed from file_properties.stone; behaviour Dropbox leaves open is
 * marked "Assumed" (and listed in README.md, "File properties").
 *
 * Assumed:
 * - Groups belong to the entry's ID: a move or rename keeps them (the same file), a copy has none (a new file with
 *   a new ID), an upload over a file (same ID) keeps them, a restore keeps them.
 * - Setting or removing properties is not a change of the entry: it is not in the change log, so neither
 *   list_folder/continue nor a webhook reports it (the entry's rev does not change either).
 * - properties/overwrite sets the groups whether or not the entry had them (its error union has no "not found"
 *   member for a group, unlike properties/update's property_group_lookup).
 * - Every app sees every template of its owner (the stand-in is one app).
 *
 * @typedef {import('../store').Store} Store
 * @typedef {{ name: string, value: string }} Field
 * @typedef {{ template_id: string, fields: Field[] }} Group
 * @typedef {{ owner: string, name: string, description: string, fields: Array<{ name: string, description: string, type: { '.tag': string } }> }} Template
 * @typedef {{ templates: Map<string, Template>, groups: Map<string, Map<string, Field[]>> }} Properties
 */

const TemplateId = str({ min: 1, pattern: '(/|ptid:).*', re: /^(\/|ptid:)[\s\S]*$/ });
const PathOrId = str({ pattern: '/(.|[\\r\\n])*|id:.*|(ns:[0-9]+(/.*)?)', re: /^(\/[\s\S]*|id:.*|ns:[0-9]+(\/.*)?)$/ });
const PropertyField = struct([
	['name', str()],
	['value', str()],
]);
const PropertyGroup = struct([
	['template_id', TemplateId],
	['fields', list(PropertyField)],
]);
const PropertyType = union({ string: VOID, other: VOID });
const PropertyFieldTemplate = struct([
	['name', str()],
	['description', str()],
	['type', PropertyType],
]);

const T = {
	PropertyGroup,
	/** files.TemplateFilterBase, for include_property_groups. */
	TemplateFilterBase: union({ filter_some: list(TemplateId, { min: 1 }) }),
	AddTemplateArg: struct([
		['name', str()],
		['description', str()],
		['fields', list(PropertyFieldTemplate)],
	]),
	GetTemplateArg: struct([['template_id', TemplateId]]),
	AddPropertiesArg: struct([
		['path', PathOrId],
		['property_groups', list(PropertyGroup)],
	]),
	OverwritePropertyGroupArg: struct([
		['path', PathOrId],
		['property_groups', list(PropertyGroup, { min: 1 })],
	]),
	RemovePropertiesArg: struct([
		['path', PathOrId],
		['property_template_ids', list(TemplateId)],
	]),
};

/** Dropbox's documented limits (bytes). */
const LIMITS = { templateName: 256, templateDescription: 1024, fieldName: 256, fieldValue: 1024, fieldsPerTemplate: 32 };

/** @type {WeakMap<Store, Properties>} */
const byStore = new WeakMap();

/** @param {Store} store @returns {Properties} */
function propertiesOf(store) {
	let found = byStore.get(store);
	if (!found) byStore.set(store, (found = { templates: new Map(), groups: new Map() }));
	return found;
}

let counter = 0;
/** A template ID as Dropbox shows them ("ptid:" and 23 characters). */
const newTemplateId = () => `ptid:${stableId(`template:${++counter}:${Date.now()}`, 23)}`;

const bytes = (/** @type {string} */ s) => Buffer.byteLength(s, 'utf8');

/**
 * Who may use a template: a user template its user; a team template every member of the team.
 * @param {Store} store @param {import('../store').Account} account @param {Template} template
 */
function usableBy(store, account, template) {
	if (template.owner === `user:${account.account_id}`) return true;
	return Boolean(account.team_member_id && store.team && template.owner === `team:${store.team.team_id}`);
}

/**
 * Checks groups for an entry (InvalidPropertyGroupError tags; undefined when they fit).
 * @param {Store} store @param {import('../store').Account} account @param {Group[]} groups @param {'file'|'folder'} kind
 * @returns {any}
 */
function groupProblem(store, account, groups, kind) {
	const { templates } = propertiesOf(store);
	const seen = new Set();
	for (const group of groups) {
		const template = templates.get(group.template_id);
		if (!template || !usableBy(store, account, template)) return { '.tag': 'template_not_found', template_not_found: group.template_id };
		if (seen.has(group.template_id)) return { '.tag': 'duplicate_property_groups' };
		seen.add(group.template_id);
		// Dropbox: "Tagging folders is not supported for team-owned templates."
		if (kind === 'folder' && template.owner.startsWith('team:')) return { '.tag': 'unsupported_folder' };
		for (const field of group.fields) {
			if (!template.fields.some((f) => f.name === field.name)) return { '.tag': 'does_not_fit_template' };
			if (bytes(field.value) > LIMITS.fieldValue) return { '.tag': 'property_field_too_large' };
		}
	}
	return undefined;
}

/** Sets (replaces) groups on an entry. @param {Store} store @param {string} entryId @param {Group[]} groups */
function setGroups(store, entryId, groups) {
	const all = propertiesOf(store).groups;
	const mine = all.get(entryId) ?? new Map();
	for (const group of groups) mine.set(group.template_id, group.fields.map((f) => ({ name: f.name, value: f.value })));
	all.set(entryId, mine);
}

/**
 * The groups of an entry for the templates asked for (include_property_groups), as FileMetadata and
 * FolderMetadata carry them; undefined when there are none ("set if there exists property data").
 * @param {Store} store @param {string} entryId @param {string[] | undefined} templateIds
 * @returns {Group[] | undefined}
 */
function groupsFor(store, entryId, templateIds) {
	if (!templateIds) return undefined;
	const mine = propertiesOf(store).groups.get(entryId);
	if (!mine) return undefined;
	const out = templateIds.filter((id) => mine.has(id)).map((id) => ({ template_id: id, fields: /** @type {Field[]} */ (mine.get(id)).map((f) => ({ ...f })) }));
	return out.length ? out : undefined;
}

/** The template IDs of include_property_groups (undefined when not asked). @param {any} filter */
const filterIds = (filter) => (filter ? /** @type {string[]} */ (filter.filter_some) : undefined);

module.exports = { T, LIMITS, propertiesOf, newTemplateId, usableBy, groupProblem, setGroups, groupsFor, filterIds };
