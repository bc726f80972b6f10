export const TOOL_VERSION: string = require('../../../package.json').version;
