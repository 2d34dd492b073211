import { boot } from "./boot";
import { createOfficeService } from "../service/officeService";

boot(createOfficeService);
