// Version 1 of the action node is release 0.1.0's Resource and Operation lists (see nodes/DropboxSuite/actions/v1.ts);
// version 2 is today's. These tests read the description as n8n does, with a node of each typeVersion.
import type { INodeProperties } from 'n8n-workflow';

import { DropboxSuite } from '../../nodes/DropboxSuite/DropboxSuite.node';

const description = new DropboxSuite().description;

/** Whether a property can show on a node of this typeVersion at all (its '@version' condition). */
const forVersion = (property: INodeProperties, version: number) => {
	const versions = property.displayOptions?.show?.['@version'];
	return !versions || versions.includes(version);
};

/** A property without its '@version' condition: as the description was before there were two versions. */
function withoutVersion(property: INodeProperties): INodeProperties {
	const show = { ...property.displayOptions?.show };
	if (!('@version' in show)) return property;
	delete show['@version'];
	const { displayOptions, ...rest } = property;
	const others = { ...displayOptions, show };
	if (!Object.keys(show).length) delete others.show;
	return Object.keys(others).length ? { ...rest, displayOptions: others } : rest;
}

describe('version 2', () => {
	it('is the description as it was before version 1 came back: every property, its name and where it shows', () => {
		// The snapshot was taken before version 1 was added (commit "Test: version 2's description, ..."), so a change
		// to it here means version 2 changed too.
		const v2 = description.properties.filter((property) => forVersion(property, 2)).map(withoutVersion);
		expect(v2.map((property) => `${property.name} ${JSON.stringify(property.displayOptions ?? null)}`)).toMatchSnapshot();
	});
});
