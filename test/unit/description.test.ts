// The node's description as the editor reads it: which Request Options each operation shows, decided by
// n8n's own displayParameter from the resource and operation, against what its routes allow (route table).
import type { INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { catalog } from '../../nodes/DropboxSuite/actions/catalog';
import { requestOptionsProperties } from '../../nodes/DropboxSuite/actions/requestOptions';
import type { ResourceDefinition } from '../../nodes/DropboxSuite/actions/types';
import { DropboxSuite } from '../../nodes/DropboxSuite/DropboxSuite.node';
import { ROUTES } from '../../nodes/shared/routes.generated';

const description = new DropboxSuite().description;

/** The Request Options collections the editor shows for one operation. */
function shownRequestOptions(properties: INodeProperties[], resource: string, operation: string): INodeProperties[] {
	const values = { resource, operation };
	return properties.filter(
		(property) => property.name === 'requestOptions' && NodeHelpers.displayParameter(values, property, { typeVersion: 1 }, description),
	);
}

const optionNames = (collection: INodeProperties) => (collection.options as INodeProperties[]).map((option) => option.name).sort();
const actAsValues = (collection: INodeProperties) =>
	((collection.options as INodeProperties[]).find((option) => option.name === 'actAs')?.options ?? []).map((option) => (option as { value: string }).value).sort();

const RETRY = ['maxAttempts', 'maxWaitSeconds'];
const MEMBER = ['actAs', 'namespaceId', 'pathRoot', 'teamMemberId'];

describe('Request Options per operation', () => {
	it.each(catalog.map((entry) => [`${entry.resource} → ${entry.operation}`, entry] as const))('%s shows what its routes allow', (_label, entry) => {
		const shown = shownRequestOptions(description.properties, entry.resource, entry.operation);
		expect(shown).toHaveLength(1);
		const userRoutes = entry.routes.filter((route) => ROUTES[route].auth.includes('user'));
		if (!userRoutes.length) {
			expect(optionNames(shown[0])).toEqual(RETRY);
			return;
		}
		expect(optionNames(shown[0])).toEqual([...RETRY, ...MEMBER].sort());
		const admin = userRoutes.every((route) => ROUTES[route].selectAdmin);
		expect(actAsValues(shown[0])).toEqual(admin ? ['admin', 'member', 'self'] : ['member', 'self']);
	});

	it('offers Team Admin where every route allows Select-Admin, and not where one does not', () => {
		const actAs = (resource: string, operation: string) => actAsValues(shownRequestOptions(description.properties, resource, operation)[0]);
		expect(actAs('file', 'download')).toContain('admin');
		expect(actAs('file', 'upload')).toContain('admin');
		expect(actAs('file', 'lock')).toEqual(['member', 'self']);
		expect(actAs('file', 'saveFromUrl')).toEqual(['member', 'self']);
		expect(actAs('account', 'getSpaceUsage')).toEqual(['member', 'self']);
	});

	it('offers neither Act As nor Path Root on operations of the team namespace', () => {
		const team: ResourceDefinition = {
			value: 'team',
			name: 'Team',
			description: 'Team',
			teamOnly: true,
			operations: [
				{ operation: 'listMembers', name: 'List Members', action: 'List members', description: '', routes: ['team/members/list_v2', 'team/members/list/continue_v2'], properties: [] },
				{ operation: 'getMemberFile', name: 'Get', action: 'Get', description: '', routes: ['files/get_metadata'], properties: [] },
			],
		};
		const properties = requestOptionsProperties([team]);
		expect(optionNames(shownRequestOptions(properties, 'team', 'listMembers')[0])).toEqual(RETRY);
		expect(optionNames(shownRequestOptions(properties, 'team', 'getMemberFile')[0])).toEqual([...RETRY, ...MEMBER].sort());
	});
});
