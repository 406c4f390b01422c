// The execution-provider picker of Profile Model…: every provider ORT knows, the available ones first; one that is not
// available is listed with why (in its detail) under a separator, and choosing it only says so again.
import * as vscode from 'vscode';
import type { ExecutionProviderName, ProviderAvailability } from '../../core/profile/modelProfile';

interface ProviderItem extends vscode.QuickPickItem {
  provider?: ProviderAvailability;
}

/** The picker's rows: available providers, then a separator and the others with their reasons. */
export function providerItems(providers: readonly ProviderAvailability[]): ProviderItem[] {
  const available = providers.filter((provider) => provider.available);
  const missing = providers.filter((provider) => !provider.available);
  return [
    ...available.map((provider) => ({ label: provider.name, description: 'available', provider })),
    ...(missing.length > 0 ? [{ label: 'Not available here', kind: vscode.QuickPickItemKind.Separator }] : []),
    ...missing.map((provider) => ({ label: `$(circle-slash) ${provider.name}`, description: 'not available', detail: provider.reason ?? 'not available in this onnxruntime-node', provider })),
  ];
}

/**
 * Asks for an execution provider; undefined when the user cancelled. The picker shows at once, busy while ONNX
 * Runtime's providers are checked (a session is tried on the GPU ones, which takes a moment); a failed check rejects.
 */
export function pickProvider(providers: Promise<readonly ProviderAvailability[]>, title: string): Promise<ExecutionProviderName | undefined> {
  const pick = vscode.window.createQuickPick<ProviderItem>();
  pick.title = title;
  pick.placeholder = 'Checking which execution providers ONNX Runtime can use here…';
  pick.matchOnDetail = true;
  pick.busy = true;
  return new Promise((resolve, reject) => {
    let chosen: ExecutionProviderName | undefined;
    let failed: unknown;
    providers.then((list) => {
      pick.items = providerItems(list);
      pick.placeholder = 'Execution provider';
      pick.busy = false;
    }, (error: unknown) => {
      failed = error;
      pick.hide();
    });
    pick.onDidAccept(() => {
      const [item] = pick.selectedItems;
      if (!item?.provider) return;
      if (!item.provider.available) {
        // Not selectable: the picker stays open and says why.
        pick.placeholder = `${item.provider.name} is not available: ${item.provider.reason ?? 'not built into this onnxruntime-node'}`;
        return;
      }
      chosen = item.provider.name;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      if (failed !== undefined) reject(failed instanceof Error ? failed : new Error(String(failed)));
      else resolve(chosen);
    });
    pick.show();
  });
}
