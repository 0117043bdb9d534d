import { routeLayout } from "@/i18n/scopes";

export default routeLayout("appointments");
