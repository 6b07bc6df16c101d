export { startZoomEmulator } from './emulator.js'
export type {
  EmulatorFault,
  EmulatorRequestRecord,
  EmulatorStats,
  ZoomEmulator,
  ZoomEmulatorOptions,
  ZoomEmulatorUser,
} from './types.js'
