export { loadNativeKernels, unloadNativeKernels, nativeStatus, nativeActive, NATIVE_KERNEL_NAMES } from './native-kernels.js';
export type { NativeStatus, NativeOptions } from './native-kernels.js';
export { broadcastGroups } from './memory-kernels.js';
export type { BroadcastGroups } from './memory-kernels.js';
export { conv2dInfoFromAttrs } from './conv-info.js';
export type { KernelArgs } from './conv-info.js';
export { nativeTrainKernel, OPTIMIZER_STEP_KERNEL, BATCH_NORM_TRAIN_KERNEL, OPTIMIZER_KINDS } from './train-kernels.js';
export type { OptimizerStepAttrs } from './train-kernels.js';
