import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One agent socket held by one desk instance (deleted when it disconnects or the instance dies). */
@Entity({ name: 'agent_sockets' })
export class AgentSocket {
  @PrimaryColumn({ name: 'socket_id' })
  socketId!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ name: 'agent_id', type: 'uuid' })
  agentId!: string;

  @Column({ name: 'instance_id' })
  instanceId!: string;

  @Column({ name: 'connected_at', type: 'timestamptz' })
  connectedAt!: Date;
}

/** A desk instance's heartbeat: one whose heartbeat stops has crashed, its sockets are gone. */
@Entity({ name: 'realtime_instances' })
export class RealtimeInstance {
  @PrimaryColumn()
  id!: string;

  @Column({ name: 'seen_at', type: 'timestamptz' })
  seenAt!: Date;
}
