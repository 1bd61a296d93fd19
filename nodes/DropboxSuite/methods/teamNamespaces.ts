export { searchTeamNamespaces } from '../../shared/team';
