/** The ONNX protobuf schema (onnx-proto is CommonJS, so it is imported whole). */
import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;
export type ModelProto = onnxProto.onnx.ModelProto;
export type GraphProto = onnxProto.onnx.IGraphProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
