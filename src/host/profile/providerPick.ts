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

/** Asks for an execution provider; undefined when the user cancelled. */
export function pickProvider(providers: readonly ProviderAvailability[], title: string, exclude?: ExecutionProviderName): Promise<ExecutionProviderName | undefined> {
  const pick = vscode.window.createQuickPick<ProviderItem>();
  pick.title = title;
  pick.placeholder = 'Execution provider';
  pick.matchOnDetail = true;
  pick.items = providerItems(providers.filter((provider) => provider.name !== exclude));
  return new Promise((resolve) => {
    let chosen: ExecutionProviderName | undefined;
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
      resolve(chosen);
    });
    pick.show();
  });
}
