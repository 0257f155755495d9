// @hocuspocus/server as the benchmark runs it: in its own Node process, on 127.0.0.1, with no extensions (so no
// persistence) and no authentication hook. Prints "ready <port>" once listening.
import { Server } from '@hocuspocus/server';

const port = Number(process.argv[2] ?? '0');
const server = new Server({ port, address: '127.0.0.1', quiet: true });
await server.listen();
console.log(`ready ${port}`);
