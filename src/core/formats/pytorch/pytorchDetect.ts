// Cheap content checks for PyTorch files, kept apart from the reader so that detection loads no
// parsing code: the legacy format's pickled magic number, or a zip whose first member sits in
// the archive folder torch.save and TorchScript write (`<root>/data.pkl`, `<root>/data/0`, ...).
import { firstZipMember } from '../keras/kerasDetect';

/** Protocol 2, LONG1 of 10 bytes: 0x1950a86a20f9469cfc6c, the legacy torch.save magic number. */
const LEGACY_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];
const TORCH_MEMBER = /^[^/]+\/(data\.pkl|data\/\d+|code\/|constants\.pkl|constants\/|version|byteorder|\.data\/|extra\/)/;

/** True when the file starts with the pickled legacy magic number. */
export function isLegacyTorch(head: Uint8Array): boolean {
  return head.length >= LEGACY_MAGIC.length && LEGACY_MAGIC.every((byte, i) => head[i] === byte);
}

/** True for legacy torch.save files and for zips laid out like torch.save / TorchScript archives. */
export function looksLikePyTorch(head: Uint8Array): boolean {
  if (isLegacyTorch(head)) return true;
  const name = firstZipMember(head);
  return name !== undefined && TORCH_MEMBER.test(name);
}

/** A torch.save / TorchScript archive by its members, whichever is first (zips rewritten by other tools reorder them). */
export function isTorchArchive(names: readonly string[] | undefined): boolean {
  return names !== undefined && names.some((name) => TORCH_MEMBER.test(name)) && !isExportedProgram(names);
}

/** torch.export's .pt2 archive: it holds an `archive_format` member, which torch.save archives do not. */
export function isExportedProgram(names: readonly string[] | undefined): boolean {
  return names !== undefined && names.some((name) => /(^|\/)archive_format$/.test(name));
}
