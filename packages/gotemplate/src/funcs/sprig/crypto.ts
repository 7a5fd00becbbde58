/**
 * Sprig's crypto functions by determinism: the `sprig` set keeps those that are a function
 * of their arguments, and leaves out the salted and randomly keyed ones.
 */
import { def, type GoFunc } from '../signature.ts';
import { certificateFuncs, generatedCertificateFuncs } from './certificates.ts';
import { generatePrivateKey } from './keys.ts';
import { passwordFuncs, saltedPasswordFuncs } from './passwords.ts';

export const cryptoFuncs: ReadonlyArray<[string, GoFunc]> = [...passwordFuncs, ...certificateFuncs];

export const randomCryptoFuncs: ReadonlyArray<[string, GoFunc]> = [
  ...saltedPasswordFuncs,
  ['genPrivateKey', def(['string'], generatePrivateKey)],
  ...generatedCertificateFuncs,
];
