export { main } from './main.js';
export { exitCodes } from './exit-codes.js';
export { writeFileAtomic } from './write-atomic.js';
