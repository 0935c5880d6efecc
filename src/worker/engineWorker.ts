import { PlanEngine, type EngineApi } from '../engine/planEngine.ts';
import { exposeApi } from './rpc.ts';

exposeApi<EngineApi>(new PlanEngine());
