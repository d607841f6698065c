/**
 * The engine's facade: what the adapters (cli/, lsp/) call. See docs/engine-api.md.
 */
export { analyse, type Analysis, type AnalyseInput, type AnalyseOptions, type Figures, type RecordInput } from './analyse';
export {
  InputError,
  applyPolicy,
  findProjectFile,
  loadProject,
  projectFromText,
  readPolicy,
  readScriptFiles,
  type PolicyOverride,
  type ProjectInput,
  type ScriptFiles,
} from './load';
export { memoryWorkspace, type EngineWorkspace, type FileRole, type MemoryFiles } from './workspace';
export { percentLabel, sceneLabel, scriptLabel, shareWords } from './labels';
