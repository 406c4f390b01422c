// Wires profiling: the trace editor (registered at activation, so traces open in it) and the probes the integration
// tests read. Profile Model… and Open Profiler Trace are in the command table and load their modules on first use.
import type * as vscode from 'vscode';
import { ProfileProbes } from './profileProbe';
import { registerTraceEditor, type TraceEditorProvider } from './traceEditorProvider';

/** The profiling feature's parts, for the commands and the tests. */
export interface ProfileFeature {
  traceEditor: TraceEditorProvider;
  /** Every trace editor and Profile panel opened, for the integration tests. */
  probes: ProfileProbes;
}

export function registerProfile(context: vscode.ExtensionContext): ProfileFeature {
  const probes = new ProfileProbes();
  return { traceEditor: registerTraceEditor(context, probes), probes };
}
