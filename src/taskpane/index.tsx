import { boot } from "./boot";
import { createOfficeService } from "./officeService";

boot(createOfficeService);
