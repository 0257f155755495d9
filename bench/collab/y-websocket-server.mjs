// The y-websocket reference server (@y/websocket-server) as the benchmark runs it: in its own Node process, on
// 127.0.0.1, no persistence (YPERSISTENCE unset), one room per URL path. Prints "ready <port>" once listening.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const port = Number(process.argv[2] ?? '0');
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('okay');
});
const wss = new WebSocketServer({ server });
wss.on('connection', (ws, request) => setupWSConnection(ws, request));
server.listen(port, '127.0.0.1', () => console.log(`ready ${server.address().port}`));
