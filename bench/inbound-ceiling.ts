// The ceiling for bench:inbound: a bare Express endpoint that only reads the multipart body (busboy)
// and answers 200, in its own process. Prints { port } when listening.
import express from 'express';
import busboy from 'busboy';

const app = express();
app.post('/inbound', (req, res) => {
  const bb = busboy({ headers: req.headers });
  bb.on('field', () => undefined);
  bb.on('file', (_name, stream) => stream.resume());
  bb.on('close', () => res.status(200).json({ status: 'read' }));
  bb.on('error', () => res.status(400).end());
  req.pipe(bb);
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
