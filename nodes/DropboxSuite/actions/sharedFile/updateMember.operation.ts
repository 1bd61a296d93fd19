import type { IDataObject } from 'n8n-workflow';

import { accessLevelField, locatorMember, memberLocator } from '../common/members';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { explained, fileLocator, fileOf, memberText } from './common';

export const updateMember: OperationDefinition = {
	operation: 'updateMember',
	name: 'Update Member',
	action: 'Change a member\'s access to a file',
	description: 'Change the access level of someone a file is shared with',
	routes: ['sharing/update_file_member'],
	properties: [fileLocator(), memberLocator('member', 'Member', 'searchFileMembers'), accessLevelField('accessLevel', 'editor')],
	async execute(ctx) {
		const { dropbox, check, param, fn } = ctx;
		const file = fileOf(ctx);
		const member = locatorMember(check, 'Member', param('member'));
		const accessLevel = param<string>('accessLevel', 'editor');
		const result = await explained(fn.getNode(), dropbox.rpc<IDataObject>('sharing/update_file_member', { file, member, access_level: accessLevel }));
		return toItems({ file, member: memberText(member), access_level: accessLevel, ...result });
	},
};
