import { Controller, Get, Inject } from '@nestjs/common';
import { APP_CONFIG, Public } from '@tandem/platform';
import type { DeskConfig } from '../config';

/** What the console reads at start: where the other services are, as the browser sees them. */
export interface ConsoleSettings {
  knowledgeUrl: string;
  routerUrl: string;
  botUrl: string;
  gatewayUrl: string;
}

/** The console's files are served under /console/ (runHttpApp's static site); this is its setup. */
@Controller()
@Public()
export class ConsoleController {
  private readonly settings: ConsoleSettings;

  constructor(
    @Inject(APP_CONFIG)
    config: Pick<
      DeskConfig,
      | 'CONSOLE_KNOWLEDGE_URL'
      | 'CONSOLE_ROUTER_URL'
      | 'CONSOLE_BOT_URL'
      | 'CONSOLE_GATEWAY_URL'
      | 'GATEWAY_URL'
    >,
  ) {
    const trim = (url: string) => url.replace(/\/+$/, '');
    this.settings = {
      knowledgeUrl: trim(config.CONSOLE_KNOWLEDGE_URL),
      routerUrl: trim(config.CONSOLE_ROUTER_URL),
      botUrl: trim(config.CONSOLE_BOT_URL),
      gatewayUrl: trim(config.CONSOLE_GATEWAY_URL ?? config.GATEWAY_URL),
    };
  }

  @Get('console/settings.json')
  consoleSettings(): ConsoleSettings {
    return this.settings;
  }
}
