/** The README's scenario example; test/package-consumer.test.ts runs it with npx tsx in a project that installed the package. */
import {
  defineScenario,
  kvField,
  withAclEnabled,
  withAuthoritativeRegion,
} from 'nomad-acl-sim/scenario';

export default defineScenario(
  {
    name: 'bootstrap-once',
    title: 'Bootstrap once',
    about: 'One bootstrap for the whole federation.',
    regions: [
      { name: 'global', servers: 3 },
      { name: 'europe', servers: 3 },
    ],
  },
  async (s) => {
    for (const region of ['global', 'europe']) {
      s.editConfig(region, (text) => withAuthoritativeRegion(withAclEnabled(text, true), 'global'));
      await s.rollingRestart(region); // one server at a time, health-checked
    }
    const boot = await s.nomad('nomad acl bootstrap'); // prints exactly what Nomad prints
    s.exportEnv('NOMAD_TOKEN', kvField(boot.stdout, 'Secret ID'));
    await s.nomad('nomad acl bootstrap', {
      server: 'europe/server-1',
      expectExit: 1,
      expectOutput: 'ACL bootstrap already done',
    }); // it landed in the authoritative region
  },
);
