export { serviceAccountsController, rootCaCertPublisher, ROOT_CA_CONFIGMAP } from './defaults';
