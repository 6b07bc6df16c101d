export { startZoomEmulator } from './emulator.js'
export type {
  EmulatorFault,
  EmulatorRequestRecord,
  EmulatorStats,
  ZoomEmulator,
  ZoomEmulatorOptions,
} from './types.js'
