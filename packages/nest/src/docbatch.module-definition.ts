import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { DocbatchModuleExtras, DocbatchModuleOptions } from './docbatch-module-options.js';

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: DOCBATCH_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<DocbatchModuleOptions>({ moduleName: 'Docbatch' })
  .setClassMethodName('forRoot')
  .setExtras<DocbatchModuleExtras>({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
