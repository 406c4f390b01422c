// Spec problems the trainer reported (field, 1-based line and column) as diagnostics on the *.train.json file.
import * as vscode from 'vscode';

export interface SpecProblem {
  field: string;
  line: number;
  column: number;
  message: string;
}

export function specDiagnostics(problems: readonly SpecProblem[]): vscode.Diagnostic[] {
  return problems.map((problem) => {
    const at = new vscode.Position(Math.max(0, problem.line - 1), Math.max(0, problem.column - 1));
    const diagnostic = new vscode.Diagnostic(new vscode.Range(at, at), `${problem.field}: ${problem.message}`, vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'Tensorsight train';
    return diagnostic;
  });
}
