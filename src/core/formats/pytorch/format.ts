// PyTorch files: TorchScript archives, torch.save zips and legacy pickles (read by a restricted unpickler). A .bin
// is as often something else, so the graph editor is only offered for it.
import type { FormatModule } from '../registry';
import { isExportedProgram, isTorchArchive, looksLikePyTorch } from './pytorchDetect';

export const pytorchFormat: FormatModule = {
  id: 'pytorch',
  displayName: 'PyTorch',
  extensions: ['.pt', '.pth', '.bin', '.ckpt'],
  filePatterns: { default: ['*.pt', '*.pth', '*.ckpt'], option: ['*.bin'] },
  match: (head, _path, context) => (looksLikePyTorch(head) && !isExportedProgram(context.zipEntryNames())) || isTorchArchive(context.zipEntryNames()),
  open: async (path, options) => (await import('./pytorchReader.js')).readPyTorch(path, options),
};
