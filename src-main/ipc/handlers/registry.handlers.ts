import type { registryContract } from '../../../shared/contract/registry.contract';
import { AppError } from '../../../shared/errors';
import { importRegistryFile, MAX_REGISTRY_FILE_BYTES, registryStatus } from '../../services/hq-registry.service';
import type { Handler } from '../router';
import { UploadStore } from '../uploads';
import { staffOf, type HandlerDeps } from './deps';

type RegistryChannels = keyof typeof registryContract;

/** Issue 9: headquarters' registry at the branch — its age, and the file a branch with no line imports. */
export function registryHandlers(d: HandlerDeps): { [C in RegistryChannels]: Handler<C> } {
  const uploads = new UploadStore(MAX_REGISTRY_FILE_BYTES);
  return {
    'registry:status': () => registryStatus(d.env),
    'registry:upload': (input, ctx) => uploads.append(staffOf(ctx).id!, input.uploadId, input.chunk, new AppError('REGISTRY_TOO_LARGE')),
    'registry:import': async (input, ctx) => {
      const actor = staffOf(ctx);
      const applied = await importRegistryFile(d.env, actor, uploads.take(actor.id!, input.uploadId));
      return { applied, status: await registryStatus(d.env) };
    },
  };
}
