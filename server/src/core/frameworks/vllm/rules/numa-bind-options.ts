/** The NUMA placement lists only take effect through numa_bind. */
import { requiresArg } from './requiresArg';

export const numaBindOptions = requiresArg({
  id: 'vllm/numa-bind-options',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  title: 'numa_bind_nodes / numa_bind_cpus without numa_bind',
  sources: ['vLLM `vllm/config/parallel.py` field validators and `_validate_parallel_config` (@00193b82)'],
  when: ['numa_bind_nodes', 'numa_bind_cpus'],
  isOn: (v) => v !== undefined && v !== null,
  requires: (args) => args.numa_bind === true,
  message: 'numa_bind_nodes and numa_bind_cpus require numa_bind=True; vLLM refuses to start. Add numa_bind: true.',
  fixValue: { arg: 'numa_bind', value: true },
});
